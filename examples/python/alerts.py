#!/usr/bin/env python3
"""alerts.py RULES.yaml CLOUDTRAIL.json

Loads a Falco rules file, evaluates a CloudTrail file (a {"Records":[...]}
document or JSON Lines) and prints each alert as one JSON line, the line
`falconet run --json` prints. Diagnostics and a summary go to stderr.
Exit status: 0 when it ran, 1 when records were skipped, 2 when it could
not run.

The falconet package finds libfalconet through FALCONET_LIBRARY, next to
the package, or on the system's library path. Run from a source checkout,
this script also finds the package in bindings/python.
"""

import pathlib
import sys

try:
    import falconet
except ImportError:
    sys.path.insert(
        0, str(pathlib.Path(__file__).resolve().parents[2] / "bindings" /
               "python"))
    import falconet


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} RULES.yaml CLOUDTRAIL.json", file=sys.stderr)
        return 2
    try:
        rules = falconet.Ruleset.from_file(argv[1])
        with open(argv[2], "rb") as f:
            data = f.read()
    except falconet.LoadError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        print(f"alerts.py: {e.message}", file=sys.stderr)
        return 2
    except (OSError, falconet.FalconetError) as e:
        print(f"alerts.py: {e}", file=sys.stderr)
        return 2
    for warning in rules.warnings:
        print(warning, file=sys.stderr)

    evaluator = falconet.Evaluator(rules)
    result = evaluator.evaluate_many(
        data,
        on_alert=lambda alert: print(alert.json),
        on_skip=lambda s: print(
            f"skipped record {s.index} (line {s.line}): {s.reason}",
            file=sys.stderr))
    print(f"{result.records_read} records, {result.records_skipped} skipped",
          file=sys.stderr)
    return 1 if result.records_skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

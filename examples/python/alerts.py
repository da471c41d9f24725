#!/usr/bin/env python3
"""alerts.py [-r MORE_RULES.yaml]... RULES.yaml CLOUDTRAIL.json [SCAN_REPORT]

Loads Falco rules files (RULES.yaml, then each -r file), evaluates a
CloudTrail file (a {"Records":[...]} document or JSON Lines) and prints
each alert as one JSON line, the line `falconet run --json` prints. With
SCAN_REPORT (a Trivy or Grype JSON report), every image a record deploys
is "scanned" by answering with that report, for the rules' image_scan
rules. Diagnostics and a summary go to stderr.
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


def parse_args(argv):
    """(rules files, CloudTrail file, scan report or None), or None."""
    more, args = [], argv[1:]
    while len(args) >= 2 and args[0] == "-r":
        more.append(args[1])
        args = args[2:]
    if len(args) not in (2, 3):
        return None
    return [args[0]] + more, args[1], args[2] if len(args) == 3 else None


def main(argv):
    parsed = parse_args(argv)
    if parsed is None:
        print(f"usage: {argv[0]} [-r MORE_RULES.yaml]... RULES.yaml "
              "CLOUDTRAIL.json [SCAN_REPORT]", file=sys.stderr)
        return 2
    files, cloudtrail, report_path = parsed
    try:
        rules = falconet.Ruleset(files)
        with open(cloudtrail, "rb") as f:
            data = f.read()
        report = None
        if report_path is not None:
            with open(report_path, "rb") as f:
                report = f.read()
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
    if report is not None:
        evaluator.set_image_scan(lambda request: report)
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

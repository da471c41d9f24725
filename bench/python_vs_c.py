#!/usr/bin/env python3
"""Python evaluate_many throughput against C, on the same records.

Builds bench/python_vs_c.c against the built libfalconet, then evaluates
the same buffer of CloudTrail records (JSON Lines) with the same rules in
C and through the Python binding (Evaluator.evaluate_many, collecting the
alerts and reading each alert's JSON, as the C side reads it), and reports
both throughputs and their ratio. The issue's target is a ratio of at
least 0.70.

    bench/python_vs_c.py [--build build] [--rules rules/aws_cloudtrail.yaml]
                         [--copies 40] [--rounds 5] [--check 0.70]

Records: every record of ../shared/data/cloudtrail/*.json (real CloudTrail
and Stratus Red Team records), repeated --copies times; or --records FILE.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def shared_records():
    folder = ROOT.parent / "shared" / "data" / "cloudtrail"
    if not folder.is_dir():
        sys.exit(f"python_vs_c: {folder} is absent; pass --records FILE")
    lines = []
    for path in sorted(folder.rglob("*.json")):
        document = json.loads(path.read_text())
        records = document.get("Records", []) if isinstance(document,
                                                            dict) else document
        lines += [json.dumps(r, separators=(",", ":")) for r in records]
    return lines


def build_c(build, workdir):
    exe = workdir / "python_vs_c"
    library = build / "libfalconet.so"
    subprocess.run([
        os.environ.get("CC", "cc"), "-O2", "-std=c99", "-D_POSIX_C_SOURCE=199309L",
        "-I", str(ROOT / "capi"), str(ROOT / "bench" / "python_vs_c.c"),
        "-o", str(exe), str(library), f"-Wl,-rpath,{build}"
    ], check=True)
    return exe


def run_c(exe, rules, records_file, rounds):
    out = subprocess.run([str(exe), str(rules), str(records_file),
                          str(rounds)], check=True, capture_output=True,
                         text=True).stdout
    result = json.loads(out)
    return result["records"], result["alerts"], result["seconds"]


def run_python(rules_path, data, rounds):
    import falconet

    rules = falconet.Ruleset.from_file(rules_path)
    evaluator = falconet.Evaluator(rules)
    evaluator.evaluate_many(data)  # warm-up, as on the C side
    records = alerts = 0
    start = time.perf_counter()
    for _ in range(rounds):
        result = evaluator.evaluate_many(data)
        records += result.records_read
        json_bytes = sum(len(a.json) for a in result.alerts)
        alerts += len(result.alerts)
    seconds = time.perf_counter() - start
    assert json_bytes > 0 or alerts == 0
    return records, alerts, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--rules", default=str(ROOT / "rules" /
                                               "aws_cloudtrail.yaml"))
    parser.add_argument("--records", help="a JSON Lines file of records")
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check", type=float,
                        help="exit 1 when the ratio is below this")
    args = parser.parse_args()

    build = pathlib.Path(args.build).resolve()
    os.environ.setdefault("FALCONET_LIBRARY", str(build / "libfalconet.so.0"))
    sys.path.insert(0, str(ROOT / "bindings" / "python"))

    with tempfile.TemporaryDirectory() as tmp:
        workdir = pathlib.Path(tmp)
        records_file = workdir / "records.jsonl"
        if args.records:
            data = pathlib.Path(args.records).read_bytes()
        else:
            data = ("\n".join(shared_records() * args.copies) +
                    "\n").encode()
        records_file.write_bytes(data)
        exe = build_c(build, workdir)
        c = run_c(exe, args.rules, records_file, args.rounds)
        py = run_python(args.rules, data, args.rounds)

    if c[:2] != py[:2]:
        sys.exit(f"python_vs_c: C saw {c[:2]} records/alerts, Python {py[:2]}")
    c_rate, py_rate = c[0] / c[2], py[0] / py[2]
    ratio = py_rate / c_rate
    print(f"records per round: {c[0] // args.rounds}, alerts per round: "
          f"{c[1] // args.rounds}, {len(data) / 1e6:.1f} MB")
    print(f"C:      {c_rate:12,.0f} records/s")
    print(f"Python: {py_rate:12,.0f} records/s")
    print(f"ratio:  {ratio:.2f} (target >= 0.70)")
    if args.check is not None and ratio < args.check:
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates a CloudTrail archive as AWS delivers it to S3, for benchmarks.

    make_archive.py --out DIR --size-mb N [--records DIR] [--seed S]

Writes about N MB of CloudTrail JSON (measured before compression) as
gzip files in the S3 layout, AWSLogs/<account>/CloudTrail/<region>/
YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz, one file per
account, region and 5-minute delivery window, with one account delivered
through an organization trail (AWSLogs/<org-id>/<account>/...) and a
CloudTrail-Digest file per account, region and hour. The records are those
of ../shared/data/cloudtrail, each copy with its own eventTime (spread over
the days of the archive, in order within a file), eventID, account,
region, user and source address. Prints the archive's size, file and
record counts as JSON on the last line.
"""

import argparse
import datetime
import glob
import gzip
import json
import os
import random
import uuid

ACCOUNTS = ["111122223333", "222233334444", "333344445555",
            "444455556666", "555566667777"]
ORG_ACCOUNT = "555566667777"  # delivered by the organization trail
ORG_ID = "o-a1b2c3d4e5"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]
USERS = [f"user{i:02d}" for i in range(40)] + ["admin", "ci-deploy"]


def load_records(folder):
    records = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.json"),
                                 recursive=True)):
        with open(path) as f:
            data = json.load(f)
        records += data["Records"] if isinstance(data, dict) else data
    return [r for r in records if isinstance(r, dict) and "eventTime" in r]


def vary(template, rng, time, account, region):
    record = dict(template)
    user = rng.choice(USERS)
    record["eventTime"] = time.strftime("%Y-%m-%dT%H:%M:%SZ")
    record["eventID"] = str(uuid.UUID(int=rng.getrandbits(128)))
    record["recipientAccountId"] = account
    record["awsRegion"] = region
    record["sourceIPAddress"] = (f"{rng.randint(1, 223)}.{rng.randint(0, 255)}"
                                 f".{rng.randint(0, 255)}.{rng.randint(1, 254)}")
    identity = dict(record.get("userIdentity") or {})
    identity["accountId"] = account
    if identity.get("type") == "IAMUser" or "userName" in identity:
        identity["userName"] = user
        identity["arn"] = f"arn:aws:iam::{account}:user/{user}"
    record["userIdentity"] = identity
    return record


def object_path(out, account, region, time, rng, digest=False):
    kind = "CloudTrail-Digest" if digest else "CloudTrail"
    prefix = ["AWSLogs", account]
    if account == ORG_ACCOUNT:
        prefix = ["AWSLogs", ORG_ID, account]
    stamp = time.strftime("%Y%m%dT%H%MZ")
    name = f"{account}_{kind}_{region}_{stamp}_{rng.getrandbits(64):016x}"
    return os.path.join(out, *prefix, kind, region, time.strftime("%Y"),
                        time.strftime("%m"), time.strftime("%d"),
                        name + ".json.gz")


def write_gzip(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode()
    with open(path, "wb") as f:
        f.write(gzip.compress(data, compresslevel=6))
    return len(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--size-mb", type=float, default=1024)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--records", default=os.path.join(
        here, "..", "..", "shared", "data", "cloudtrail"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    templates = load_records(args.records)
    if not templates:
        raise SystemExit(f"no CloudTrail records in {args.records}")
    target = int(args.size_mb * 1e6)
    start = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    window = datetime.timedelta(minutes=5)

    written = files = records = digests = 0
    slot = 0
    while written < target:
        time = start + slot * window
        slot += 1
        for account in ACCOUNTS:
            for region in REGIONS:
                if written >= target:
                    break
                count = rng.randint(20, 1200)
                times = sorted(time + datetime.timedelta(
                    seconds=rng.uniform(0, 300)) for _ in range(count))
                batch = [vary(rng.choice(templates), rng, t, account, region)
                         for t in times]
                text = json.dumps({"Records": batch}, separators=(",", ":"))
                written += write_gzip(
                    object_path(args.out, account, region, time + window,
                                rng), text)
                files += 1
                records += count
                if time.minute == 0:
                    write_gzip(object_path(args.out, account, region, time,
                                           rng, digest=True),
                               json.dumps({"awsAccountId": account}))
                    digests += 1
    on_disk = sum(os.path.getsize(os.path.join(d, f))
                  for d, _, names in os.walk(args.out) for f in names)
    print(json.dumps({"json_bytes": written, "gzip_bytes": on_disk,
                      "files": files, "digest_files": digests,
                      "records": records}))


if __name__ == "__main__":
    main()

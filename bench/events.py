#!/usr/bin/env python3
"""smgov export --event at scale: what one approval, and a burst of approvals, cost.

Two portfolios of one account, served by `smgov simulate` as bench.py serves them (--latency-ms per
request, --throttle-rps SageMaker requests per second):

  one group of 5,000 versions     a cold export, then one approval event naming one version
  10 groups of 500 versions       a cold export, then:
                                    one approval event naming one version
                                    the same event without the version (a group refresh, what
                                    every event cost before version refreshes)
                                    a burst of 100 approvals (10 per group, each twice) in one batch

Calls are counted by the simulator (reset before each run); wall is the whole `smgov export`
process, JVM start included. The table is written into BENCHMARKS.md between the events markers.

  bench/events.py                      # about 10 minutes
  bench/events.py --out /tmp/e.md
"""
import argparse
import os
import shutil
import json
import random
import subprocess
import time
from pathlib import Path

import bench

COLD = "2026-11-23T05:00:00Z"
EVENT = "2026-11-23T09:00:00Z"
MARK_BEGIN = "<!-- events:begin -->"
MARK_END = "<!-- events:end -->"


def generate(work, groups, versions):
    portfolio = work / f"events-portfolio-{groups}x{versions}.json"
    if not portfolio.exists():
        subprocess.check_call([bench.java(), "-Xmx8g", "-jar", str(bench.JAR), "generate-portfolio", "--accounts", "1",
                               "--groups", str(groups), "--versions", str(versions), "--seed", "7",
                               "--out", str(portfolio)], stdout=subprocess.DEVNULL)
    return portfolio


def packages(portfolio):
    document = json.loads(portfolio.read_text())
    account = next(iter(document["accounts"]))
    return account, document["accounts"][account]["eu-west-1"]["modelPackages"]


def approval(account, arn=None, group=None):
    detail = {"ModelApprovalStatus": "Approved"}
    if arn:
        detail["ModelPackageArn"] = arn
    if group:
        detail["ModelPackageGroupName"] = group
    return {"version": "0", "id": f"bench-{random.random()}", "source": "aws.sagemaker",
            "detail-type": "SageMaker Model Package State Change", "account": account,
            "region": "eu-west-1", "resources": [arn] if arn else [], "detail": detail}


def run(sim, warehouse, work, tag, snapshot, events=None, heap="512m"):
    """One export; with events, an event refresh of the account they name."""
    bench.get(sim.endpoint + "/_simulator/reset", "POST")
    command = [bench.java(), f"-Xmx{heap}", "-jar", str(bench.JAR), "export", "--warehouse", str(warehouse),
               "--regions", "eu-west-1", "--role-name", "smgov-reader", "--external-id", "smgov-external-id",
               "--snapshot-time", snapshot, "--log-format", "json"]
    if events is None:
        command += ["--accounts", "org"]
    else:
        event_file = work / f"events-{tag}.json"
        event_file.write_text(json.dumps(events))
        command += ["--event", str(event_file)]
    environment = dict(os.environ, AWS_ENDPOINT_URL=sim.endpoint, AWS_ACCESS_KEY_ID="AKIDSMGOVCALLER",
                       AWS_SECRET_ACCESS_KEY="simulated", AWS_REGION="eu-west-1")
    started = time.time()
    with open(work / f"events-export-{tag}.log", "w") as out:
        code = subprocess.run(command, env=environment, stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.time() - started
    stats = bench.get(sim.endpoint + "/_simulator/requests")
    return {"tag": tag, "exit": code, "wall": wall, "calls": stats["total"], "throttled": stats["throttled"],
            "by_operation": stats["byOperation"]}


def table(rows, args):
    lines = [MARK_BEGIN, "",
             f"Machine: {bench.machine()}.", "",
             f"Simulator: {args.latency_ms} ms per request, {args.throttle_rps:g} SageMaker requests/s per account. "
             "One account, one region; the cold export ran first. Wall is the whole process, JVM start included.", "",
             "| portfolio | run | events | calls | DescribeModelPackage | ListTags | throttled | wall | exit |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ops = r["by_operation"]
        lines.append(f"| {r['portfolio']} | {r['run']} | {r['events']} | {r['calls']:,} | "
                     f"{ops.get('sagemaker:DescribeModelPackage', 0):,} | {ops.get('sagemaker:ListTags', 0):,} | "
                     f"{r['throttled']} | {r['wall']:.1f} s | {r['exit']} |")
    lines += ["", MARK_END]
    return "\n".join(lines)


def write(out, text):
    path = Path(out)
    current = path.read_text() if path.exists() else ""
    if MARK_BEGIN in current and MARK_END in current:
        current = current[:current.index(MARK_BEGIN)] + text + current[current.index(MARK_END) + len(MARK_END):]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--throttle-rps", type=float, default=10)
    parser.add_argument("--work", default=str(bench.ROOT / "target" / "bench"))
    parser.add_argument("--out", default=str(bench.ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    if not bench.JAR.exists():
        subprocess.check_call(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=bench.ROOT)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    random.seed(7)
    rows = []
    for groups, versions in [(1, 5000), (10, 500)]:
        portfolio = generate(work, groups, versions)
        account, versions_list = packages(portfolio)
        name = f"{groups} x {versions:,} versions"
        sim = bench.Simulator(portfolio, args.latency_ms, args.throttle_rps, "4g", work)
        warehouse = work / f"events-warehouse-{groups}x{versions}"
        if warehouse.exists():
            shutil.rmtree(warehouse)
        try:
            bench.log(f"{name}: cold export ...")
            cold = run(sim, warehouse, work, f"{groups}x{versions}-cold", COLD)
            rows.append(dict(cold, portfolio=name, run="cold export (for the snapshot)", events="-"))
            one = versions_list[len(versions_list) // 2]
            runs = [("one approval, version refresh", [approval(account, arn=one["ModelPackageArn"],
                                                                 group=one["ModelPackageGroupName"])])]
            if groups > 1:
                runs.append(("one approval, group refresh (before)",
                             [approval(account, group=one["ModelPackageGroupName"])]))
                by_group = {}
                for p in versions_list:
                    by_group.setdefault(p["ModelPackageGroupName"], []).append(p)
                burst = []
                for members in by_group.values():
                    for p in random.sample(members, 10):
                        event = approval(account, arn=p["ModelPackageArn"], group=p["ModelPackageGroupName"])
                        burst += [event, event]  # every event delivered twice
                random.shuffle(burst)
                runs.append(("burst of 100 approvals in one batch", burst))
            for label, events in runs:
                bench.log(f"{name}: {label} ...")
                result = run(sim, warehouse, work, f"{groups}x{versions}-{label.split(',')[0].replace(' ', '-')}",
                             EVENT, events)
                rows.append(dict(result, portfolio=name, run=label, events=len(events)))
                bench.log(f"{name}: {label}: {result['calls']} calls, {result['wall']:.1f} s, exit {result['exit']}")
        finally:
            sim.stop()
    (work / "events-results.json").write_text(json.dumps(rows, indent=1))
    write(args.out, table(rows, args))
    bench.log(f"wrote {args.out}")


if __name__ == "__main__":
    main()

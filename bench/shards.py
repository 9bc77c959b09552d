#!/usr/bin/env python3
"""smgov's fan-out on one machine: one estate exported by 1, 4 and 8 shard processes at once.

It generates a portfolio of --accounts small accounts (one group of two versions each) in two
regions, serves it with `smgov simulate` (its own JVM, --latency-ms per request, --throttle-rps
SageMaker requests per second per account), writes the plan with `smgov plan --accounts org`, and
for each shard count N starts N `smgov export --shard K/N --accounts-file <plan>` processes at
once (each -Xmx --heap, GC logged), as the deployed state machine's Map does. The plan step also
reads the prices (shards never do). It measures the plan step, the shards' wall time from the
first start to the last exit, the calls the simulator answered, and each process's
peak heap (GC log). Results go into BENCHMARKS.md between the shard markers.

  bench/shards.py                            # 2,000 accounts x 2 regions at 1, 4 and 8 shards
  bench/shards.py --accounts 200 --shards 1,4 --out /tmp/s.md
Needs Java 17+, the built jar (cli/target/smgov.jar) and Python 3 (standard library).
"""
import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

import bench

MARK_BEGIN = "<!-- shards:begin -->"
MARK_END = "<!-- shards:end -->"
SNAPSHOT = "2026-11-23T05:00:00Z"


def export_shards(sim, plan, shards, work, heap, concurrency):
    warehouse = work / f"warehouse-shards-{shards}"
    if warehouse.exists():
        shutil.rmtree(warehouse)
    environment = dict(bench.os.environ, AWS_ENDPOINT_URL=sim.endpoint, AWS_ACCESS_KEY_ID="AKIDSMGOVCALLER",
                       AWS_SECRET_ACCESS_KEY="simulated", AWS_REGION="eu-west-1")
    # The plan step, as the state machine runs it: the accounts once, the prices once.
    planned = time.time()
    subprocess.check_call([bench.java(), "-jar", str(bench.JAR), "plan", "--accounts", "org",
                           "--role-name", "smgov-reader", "--shards", str(shards), "--out", str(plan),
                           "--warehouse", str(warehouse), "--regions", "eu-west-1,us-east-1", "--snapshot-time", SNAPSHOT,
                           "--region", "eu-west-1"], env=environment, stdout=subprocess.DEVNULL)
    plan_seconds = time.time() - planned
    bench.get(sim.endpoint + "/_simulator/reset", "POST")
    processes = []
    started = time.time()
    for k in range(shards):
        gc_log = work / f"gc-shards-{shards}-{k}.log"
        command = [bench.java(), f"-Xmx{heap}", "-XX:+UseStringDeduplication", f"-Xlog:gc:file={gc_log}",
                   "-jar", str(bench.JAR), "export", "--warehouse", str(warehouse),
                   "--accounts-file", str(plan), "--shard", f"{k}/{shards}",
                   "--regions", "eu-west-1,us-east-1", "--role-name", "smgov-reader",
                   "--external-id", "smgov-external-id", "--snapshot-time", SNAPSHOT, "--log-format", "json",
                   "--account-concurrency", str(concurrency)]
        out = open(work / f"export-shards-{shards}-{k}.log", "w")
        processes.append((subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT), out, gc_log))
    exits, heaps, ends = [], [], []
    for process, out, gc_log in processes:
        exits.append(process.wait())
        ends.append(time.time())
        out.close()
        heaps.append(bench.heap_mib(gc_log)[0])
    wall = max(ends) - started
    stats = bench.get(sim.endpoint + "/_simulator/requests")
    runs = sum(1 for _ in warehouse.rglob("export_runs/**/*.parquet"))
    return {"shards": shards, "wall": wall, "plan": plan_seconds, "exits": exits, "calls": stats["total"], "throttled": stats["throttled"],
            "heap_max": max(heaps), "heaps": heaps, "run_objects": runs}


def table(rows, args, accounts):
    regions = 2
    lines = [MARK_BEGIN, "",
             f"Machine: {bench.machine()}. {accounts:,} accounts x {regions} regions (one group of 2 versions each), "
             f"{args.latency_ms} ms per request, {args.throttle_rps:g} SageMaker requests/s per account, "
             f"`--account-concurrency {args.account_concurrency}` and `-Xmx{args.heap}` per process.", "",
             "| shard processes | plan step | shards' wall time | account/regions per second | calls | calls per account/region | throttled | "
             "peak heap, largest process | exit codes |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        pairs = accounts * regions
        lines.append(f"| {r['shards']} | {r['plan']:.1f} s | {r['wall']:.1f} s | {pairs / r['wall']:.1f} | {r['calls']:,} | "
                     f"{r['calls'] / pairs:.2f} | {r['throttled']:,} | {r['heap_max']} MiB | "
                     f"{', '.join(str(e) for e in r['exits'])} |")
    lines += ["", f"Command: `bench/shards.py --accounts {accounts} --shards {args.shards}`", "", MARK_END]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--shards", default="1,4,8")
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--throttle-rps", type=float, default=10)
    parser.add_argument("--account-concurrency", type=int, default=4)
    parser.add_argument("--heap", default="256m")
    parser.add_argument("--simulator-heap", default="4g")
    parser.add_argument("--work", default=str(bench.ROOT / "target" / "bench-shards"))
    parser.add_argument("--out", default=str(bench.ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    portfolio = work / f"portfolio-{args.accounts}.json"
    if not portfolio.exists():
        bench.log(f"generating {args.accounts:,} accounts x 2 regions x 1 group x 2 versions")
        subprocess.check_call([bench.java(), "-Xmx4g", "-jar", str(bench.JAR), "generate-portfolio",
                               "--accounts", str(args.accounts), "--regions", "eu-west-1,us-east-1",
                               "--groups", "1", "--versions", "2", "--seed", "11", "--out", str(portfolio)],
                              stdout=subprocess.DEVNULL)
    sim = bench.Simulator(portfolio, args.latency_ms, args.throttle_rps, args.simulator_heap, work)
    bench.log(f"simulator serves {sim.versions:,} versions on {sim.endpoint} (loaded in {sim.load_seconds:.0f} s)")
    rows = []
    try:
        plan = work / "plan.json"
        for shards in [int(s) for s in args.shards.split(",")]:
            bench.log(f"{shards} shard processes ...")
            result = export_shards(sim, plan, shards, work, args.heap, args.account_concurrency)
            rows.append(result)
            (work / "results.json").write_text(json.dumps(rows, indent=1))
            bench.log(f"{shards} shards: {result['wall']:.1f} s, {result['calls']:,} calls, "
                      f"{result['throttled']} throttled, largest heap {result['heap_max']} MiB, exits {result['exits']}")
    finally:
        sim.stop()
    text = table(rows, args, args.accounts)
    out = Path(args.out)
    current = out.read_text() if out.exists() else ""
    if MARK_BEGIN in current:
        before, rest = current.split(MARK_BEGIN, 1)
        current = before + text + rest.split(MARK_END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    out.write_text(current)
    bench.log(f"wrote {out}")


if __name__ == "__main__":
    main()

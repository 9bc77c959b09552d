#!/usr/bin/env python3
"""smgov export at scale: wall time, API calls per version, throttling, memory and Parquet bytes.

For each size it generates a portfolio over --accounts accounts, serves it with `smgov simulate`
(in its own JVM) at --latency-ms per request and --throttle-rps SageMaker requests per second per
account, and runs `smgov export` (in its own JVM, -Xmx512m or --heap, GC logged):

  search cold   a fresh warehouse
  search warm   the next day, on that warehouse (what the daily schedule does)
  list cold     --strategy list, a fresh warehouse (sizes up to --list-max-versions)

Calls are counted by the simulator (/_simulator/requests, reset before each run). Peak heap is
the largest heap occupancy the GC log shows before a collection, occupancy after GC the largest
after one (young collections leave old garbage in place, so it overstates what is live); with
--live-every N, live (sampled) is the largest live-object total of a `jcmd GC.class_histogram`
taken every N seconds. RSS is /usr/bin/time's maximum.
The table is written into BENCHMARKS.md between the bench markers, with the machine and commands.

  bench/bench.py                       # 1k, 10k, 100k versions over 10 accounts (about 40 minutes)
  bench/bench.py --sizes 1k --out /tmp/b.md
  bench/bench.py --sizes 30k --accounts 1 --heap 160m --list-max-versions 0   # one large account, small heap
Needs Java 17+, Maven (to build cli/target/smgov.jar when missing) and Python 3 (standard library).
"""
import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "cli" / "target" / "smgov.jar"
SHAPES = {  # versions -> (groups per account, versions per group) over 10 accounts
    1_000: (10, 10),
    10_000: (50, 20),
    100_000: (100, 100),
}
COLD = "2026-11-23T05:00:00Z"
WARM = "2026-11-24T05:00:00Z"
MARK_BEGIN = "<!-- bench:begin -->"
MARK_END = "<!-- bench:end -->"


def size(text):
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, method="GET"):
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def java():
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Simulator:
    def __init__(self, portfolio, latency, throttle, heap, work):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.out = open(work / f"simulator-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [java(), f"-Xmx{heap}", "-jar", str(JAR), "simulate", "--portfolio", str(portfolio),
             "--port", str(self.port), "--latency-ms", str(latency), "--throttle-rps", str(throttle)],
            stdout=self.out, stderr=subprocess.STDOUT)
        started = time.time()
        while True:  # a readiness probe of a separate process, not a test synchronisation
            if self.process.poll() is not None:
                raise SystemExit(f"the simulator exited ({self.process.returncode}); see {self.out.name}")
            try:
                self.versions = get(self.endpoint + "/_simulator/health")["versions"]
                break
            except OSError:
                time.sleep(0.5)
        self.load_seconds = time.time() - started

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.out.close()


def parquet_bytes(warehouse, snapshot_date):
    return sum(p.stat().st_size for p in Path(warehouse).rglob("*.parquet")
               if f"snapshot_date={snapshot_date}" in str(p))


def heap_mib(gc_log):
    """(peak occupancy before a collection, peak live data after one) in MiB."""
    peak, live = 0, 0
    for line in Path(gc_log).read_text().splitlines():
        for before, after, _total in re.findall(r"(\d+)M->(\d+)M\((\d+)M\)", line):
            peak, live = max(peak, int(before)), max(live, int(after))
    return peak, live


def sample_live(process, every, samples):
    """Every `every` seconds, the bytes of live objects (jcmd GC.class_histogram runs a full GC first)."""
    import threading
    jcmd = str(Path(os.environ["JAVA_HOME"]) / "bin" / "jcmd") if os.environ.get("JAVA_HOME") else "jcmd"

    def run():
        while process.poll() is None:
            time.sleep(every)
            java_pids = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
            for pid in java_pids:
                out = subprocess.run([jcmd, pid, "GC.class_histogram"], capture_output=True, text=True).stdout
                total = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
                if total:
                    samples.append(int(total.group(1)))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def export(sim, warehouse, strategy, snapshot, work, tag, accounts_concurrency, heap, live_every):
    get(sim.endpoint + "/_simulator/reset", "POST")
    gc_log = work / f"gc-{tag}.log"
    time_out = work / f"time-{tag}.txt"
    # The JVM options of the image (-XX:+UseStringDeduplication), capped at --heap.
    command = ["/usr/bin/time", "-v", "-o", str(time_out), java(), f"-Xmx{heap}", "-XX:+UseStringDeduplication",
               f"-Xlog:gc:file={gc_log}",
               "-jar", str(JAR), "export", "--warehouse", str(warehouse), "--accounts", "org",
               "--regions", "eu-west-1", "--role-name", "smgov-reader", "--external-id", "smgov-external-id",
               "--strategy", strategy, "--snapshot-time", snapshot, "--log-format", "json",
               "--account-concurrency", str(accounts_concurrency)]
    environment = dict(os.environ, AWS_ENDPOINT_URL=sim.endpoint, AWS_ACCESS_KEY_ID="AKIDSMGOVCALLER",
                       AWS_SECRET_ACCESS_KEY="simulated", AWS_REGION="eu-west-1")
    started = time.time()
    samples = []
    with open(work / f"export-{tag}.log", "w") as out:
        process = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
        sampler = sample_live(process, live_every, samples) if live_every else None
        code = process.wait()
        if sampler:
            sampler.join()
    wall = time.time() - started
    stats = get(sim.endpoint + "/_simulator/requests")
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_out.read_text()).group(1))
    sagemaker = sum(n for op, n in stats["byOperation"].items() if op.startswith("sagemaker:"))
    peak, live = heap_mib(gc_log)
    return {
        "exit": code, "wall": wall, "calls": stats["total"], "sagemaker": sagemaker, "throttled": stats["throttled"],
        "heap": peak, "live": live, "rss": rss_kib // 1024,
        "live_sampled": max(samples) // (1024 * 1024) if samples else None,
        "parquet": parquet_bytes(warehouse, snapshot[:10]), "by_operation": stats["byOperation"],
    }


def command_line():
    """This invocation, without the options that name local paths."""
    args, skip = [], False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
        elif arg in ("--out", "--work"):
            skip = True
        elif not arg.startswith(("--out=", "--work=")):
            args.append(arg)
    return " ".join(["bench/bench.py"] + args)


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    version = subprocess.run([java(), "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} {platform.release()}, {version}"


def table(rows, args):
    lines = [
        f"Machine: {machine()}.",
        "",
        f"Simulator: {args.latency_ms} ms per request, {args.throttle_rps} SageMaker requests/s per account before "
        f"ThrottlingException; export: `--requests-per-second 10` (default), `--account-concurrency "
        f"{args.account_concurrency}`; one region. Heap cap and accounts per row.",
        "",
        "| versions | accounts | heap cap | run | wall | calls | calls/version | SageMaker calls/version | throttled | peak heap | occupancy after GC | live (sampled) | peak RSS | Parquet written | exit |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        v = r["versions"]
        lines.append(
            f"| {v:,} | {r.get('accounts', 10)} | {r.get('heap_cap', '512m')} | {r['run']} | {r['wall']:.1f} s | {r['calls']:,} | {r['calls'] / v:.4f} | {r['sagemaker'] / v:.4f} "
            f"| {r['throttled']} | {r['heap']} MiB | {r['live']} MiB "
            f"| {str(r['live_sampled']) + ' MiB' if r.get('live_sampled') is not None else '-'} | {r['rss']} MiB | {r['parquet'] / 1024 / 1024:.1f} MiB | {r['exit']} |")
    lines += ["", "Calls by operation (cold search, largest size):", ""]
    largest = max((r for r in rows if r["run"] == "search cold"), key=lambda r: r["versions"], default=None)
    if largest:
        lines += [f"- `{op}`: {n:,}" for op, n in sorted(largest["by_operation"].items(), key=lambda e: -e[1])]
    commands = sorted({r.get("command", "bench/bench.py") for r in rows})
    lines += ["", "Commands: " + ", ".join(f"`{c}`" for c in commands) + " (results are kept in `target/bench/results.json`"
              " across invocations, so one size can be measured again on its own)."]
    return "\n".join(lines)


def write(out, text):
    path = Path(out)
    body = path.read_text() if path.exists() else f"# Benchmarks\n\n{MARK_BEGIN}\n{MARK_END}\n"
    if MARK_BEGIN not in body:
        body += f"\n{MARK_BEGIN}\n{MARK_END}\n"
    head, rest = body.split(MARK_BEGIN, 1)
    tail = rest.split(MARK_END, 1)[1] if MARK_END in rest else ""
    path.write_text(f"{head}{MARK_BEGIN}\n{text}\n{MARK_END}{tail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1k,10k,100k", help="versions per portfolio (1k, 10k, 100k)")
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--throttle-rps", type=float, default=10)
    parser.add_argument("--account-concurrency", type=int, default=4)
    parser.add_argument("--heap", default="512m", help="the export JVM's -Xmx (the launcher sets none of its own)")
    parser.add_argument("--live-every", type=float, default=0,
                        help="sample live objects every N seconds with jcmd GC.class_histogram (a full GC each: "
                             "adds a little wall time); 0: off")
    parser.add_argument("--list-max-versions", type=size, default=10_000, help="largest size the list strategy runs at")
    parser.add_argument("--simulator-heap", default="10g")
    parser.add_argument("--work", default=str(ROOT / "target" / "bench"))
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the kept results, run nothing")
    args = parser.parse_args()

    if not JAR.exists():
        subprocess.check_call(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=ROOT)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    # Results of earlier invocations are kept, so one size can be measured again on its own.
    results = work / "results.json"
    rows = json.loads(results.read_text()) if results.exists() else []
    if args.report_only:
        write(args.out, table(rows, args))
        return
    for versions in [size(s) for s in args.sizes.split(",")]:
        per_account = (max(1, versions // (args.accounts * 20)), 20)
        groups, per_group = SHAPES.get(versions, per_account) if args.accounts == 10 else per_account
        portfolio = work / f"portfolio-{versions}-{args.accounts}.json"
        if not portfolio.exists():
            log(f"generating {versions:,} versions: {args.accounts} accounts x {groups} groups x {per_group} versions")
            subprocess.check_call([java(), "-Xmx8g", "-jar", str(JAR), "generate-portfolio", "--accounts", str(args.accounts),
                                   "--groups", str(groups), "--versions", str(per_group), "--seed", "7",
                                   "--out", str(portfolio)], stdout=subprocess.DEVNULL)
        sim = Simulator(portfolio, args.latency_ms, args.throttle_rps, args.simulator_heap, work)
        log(f"simulator serves {sim.versions:,} versions on {sim.endpoint} (loaded in {sim.load_seconds:.0f} s)")
        try:
            runs = [("search cold", "search", COLD, "search"), ("search warm", "search", WARM, "search")]
            if versions <= args.list_max_versions:
                runs.append(("list cold", "list", COLD, "list"))
            for name, strategy, snapshot, folder in runs:
                warehouse = work / f"warehouse-{versions}-{args.accounts}-{folder}"
                if snapshot == COLD and warehouse.exists():
                    shutil.rmtree(warehouse)
                log(f"{versions:,} {name} ...")
                result = export(sim, warehouse, strategy, snapshot, work,
                                f"{versions}-{args.accounts}-{args.heap}-{name.replace(' ', '-')}", args.account_concurrency,
                                args.heap, args.live_every)
                result.update(versions=sim.versions, accounts=args.accounts, heap_cap=args.heap, run=name,
                              command=command_line())
                key = (sim.versions, args.accounts, args.heap, name)
                rows = [r for r in rows if (r["versions"], r.get("accounts", 10), r.get("heap_cap", "512m"), r["run"]) != key]
                rows.append(result)
                rows.sort(key=lambda r: (r["versions"], r.get("accounts", 10), r.get("heap_cap", "512m"),
                                         ["search cold", "search warm", "list cold"].index(r["run"])))
                results.write_text(json.dumps(rows, indent=1))
                log(f"{versions:,} {name}: {result['wall']:.1f} s, {result['calls'] / sim.versions:.4f} calls/version, "
                    f"{result['throttled']} throttled, peak heap {result['heap']} MiB, exit {result['exit']}")
        finally:
            sim.stop()
        write(args.out, table(rows, args))
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()

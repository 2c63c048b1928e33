#!/usr/bin/python3
"""The fleet measurements; bench/fleet builds Strata, starts a throwaway PostgreSQL and calls this.

    fleet.py --build-dir DIR --url URL [--databases 40] [--revisions 20] [--reps 3] [--work DIR]

Builds the migrator of a REVISIONS-revision synthetic chain with measure.py's Bench (synth, chain,
project), then times upgrading DATABASES empty databases to head three ways (see bench/fleet).
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import Bench, interleaved, run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--url", required=True, help="throwaway server, database postgres")
    parser.add_argument("--databases", type=int, default=40)
    parser.add_argument("--revisions", type=int, default=20)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--work", default=None)
    parser.add_argument("--max-compile-gb", type=float, default=8)
    args = parser.parse_args()
    args.work = os.path.abspath(args.work or os.path.join(args.build_dir, "bench-fleet-work"))
    n, count = args.revisions, args.databases
    print(f"# Strata fleet benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"{count} databases x {n} revisions, {args.reps} rounds (+1 warm-up)", flush=True)

    bench = Bench(args)
    work = bench.synth(n)
    migrator = os.path.join(bench.project(n, work), "migrator")
    names = [f"fleet_{i:03d}" for i in range(count)]
    targets = os.path.join(work, "fleet_targets.txt")
    with open(targets, "w") as f:
        f.write("".join(f"{name} {bench.db_url(name)}\n" for name in names))
    loop = os.path.join(work, "fleet_loop.sh")
    with open(loop, "w") as f:  # what a user writes without --targets
        f.write("set -e\nwhile read -r name url; do \"$1\" --url \"$url\" upgrade head 2>/dev/null; done < \"$2\"\n")

    def recreate():
        statements = [s for name in names for s in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                                                    f'CREATE DATABASE "{name}"')]
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", args.url, *[a for s in statements for a in ("-c", s)]])

    result = interleaved([
        ("loop", recreate, dict(cmd=["bash", loop, migrator, targets])),
        ("parallel1", recreate, dict(cmd=[migrator, "upgrade", "--targets", targets, "--parallel", "1"])),
        ("parallel4", recreate, dict(cmd=[migrator, "upgrade", "--targets", targets, "--parallel", "4"])),
        ("single", lambda: bench.recreate_db(names[0]), dict(cmd=[migrator, "--url", bench.db_url(names[0]),
                                                                    "upgrade", "head"])),
    ], args.reps)
    run([migrator, "check", "--targets", targets])  # every database ended at head, schema matching
    loop_s, p1, p4, single = (result[k]["s"] for k in ("loop", "parallel1", "parallel4", "single"))
    print(f"\n| case | median s | rounds |\n|---|---|---|")
    for key in ("loop", "parallel1", "parallel4", "single"):
        print(f"| {key} | {result[key]['s']:.3f} | {result[key]['all']} |")
    print(f"\nparallel 1 s / parallel 4 s = {p1 / p4:.2f} (goal >= 1.6 on 2 cores)")
    print(f"loop s / parallel 4 s       = {loop_s / p4:.2f}")
    print(f"loop s / parallel 1 s       = {loop_s / p1:.2f}")
    print(f"(parallel 1 s / {count}) / single s = {p1 / count / single:.2f} (per-target overhead, goal <= 1.1)")


if __name__ == "__main__":
    main()

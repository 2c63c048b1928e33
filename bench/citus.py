#!/usr/bin/python3
"""The Citus measurement; bench/citus builds citus_migrator, starts the clusters and calls this.

    citus.py --migrator EXE --plain URL --nodes COORDINATOR_URL WORKER_URL... [--reps 5]

URLs name the database "postgres" of each server; the benchmark database is recreated on each.
"""
import argparse
import datetime
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import interleaved, run  # noqa: E402

DATABASE = "bench_citus"
# On plain PostgreSQL the revisions' Citus calls do nothing (SET LOCAL citus.* needs no stub).
STUBS = [
    "CREATE FUNCTION create_reference_table(regclass) RETURNS void LANGUAGE sql AS ''",
    "CREATE FUNCTION create_distributed_table(regclass, text, colocate_with text DEFAULT 'default') "
    "RETURNS void LANGUAGE sql AS ''",
    "CREATE FUNCTION undistribute_table(regclass) RETURNS void LANGUAGE sql AS ''",
]


def with_database(url, database):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def psql(url, *statements):
    run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, *[a for s in statements for a in ("-c", s)]])


def recreate(url):
    psql(url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')
    return with_database(url, DATABASE)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--migrator", required=True)
    parser.add_argument("--plain", required=True)
    parser.add_argument("--nodes", nargs="+", required=True)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    print(f"# Strata Citus benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"coordinator + {len(args.nodes) - 1} workers, {args.reps} rounds (+1 warm-up)", flush=True)
    coordinator = with_database(args.nodes[0], DATABASE)
    plain = with_database(args.plain, DATABASE)

    def prepare_citus():
        for node in args.nodes:
            psql(recreate(node), "CREATE EXTENSION citus")
        port = urllib.parse.urlsplit(args.nodes[0]).port
        statements = [f"SELECT citus_set_coordinator_host('127.0.0.1', {port})"]
        statements += [f"SELECT citus_add_node('127.0.0.1', {urllib.parse.urlsplit(w).port})" for w in args.nodes[1:]]
        psql(coordinator, *statements)

    def prepare_plain():
        psql(recreate(args.plain), *STUBS)

    result = interleaved([
        ("citus", prepare_citus, dict(cmd=[args.migrator, "--url", coordinator, "upgrade", "head"])),
        ("plain", prepare_plain, dict(cmd=[args.migrator, "--url", plain, "upgrade", "head"])),
    ], args.reps)
    run([args.migrator, "--url", coordinator, "check"])  # distributed as the models say
    print("\n| case | median s | rounds |\n|---|---|---|")
    for key in ("citus", "plain"):
        print(f"| {key} | {result[key]['s']:.3f} | {result[key]['all']} |")
    print(f"\ncitus s / plain s = {result['citus']['s'] / result['plain']['s']:.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Online mode under a concurrent writer (issue 13); bench/online builds Strata, starts a throwaway
PostgreSQL and calls this.

    online.py --build-dir DIR --url URL [--rows 1000000] [--clients 4] [--batch-size N]
              [--lock-timeout 40ms [--lock-retries 20]]
              [--modes plain,online] [--work DIR]

One model set evolves in seven steps (an index, a unique constraint, a foreign key, a check,
SET NOT NULL, a new NOT NULL column with a volatile default, int -> bigint); strata-gen writes each
step's revision once plainly and once with --online (which refuses int -> bigint: the refusal is
reported). Per mode, a database gets the first revision and --rows rows, then each step's revision
runs (`migrator upgrade +1`) while pgbench (PostgreSQL 15, --clients clients, one UPDATE or one
INSERT per transaction, every transaction's latency logged with -l) writes to the table. Per step:
the migrator's time and the max and p99 latency of the writes that overlapped it, and the longest
waits a sampler saw every 10 ms (pg_locks: who waited, in which mode, behind which statement;
pg_stat_activity: a write running over 20 ms without a lock wait, with its wait event).
"""
import argparse
import datetime
import glob
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import ROOT, CommandFailed, run  # noqa: E402

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
GOAL_MS = 50.0

# The model before the steps, and each step's change to it: (name, [(old, new)] text replacements).
BASE_MODEL = """#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

struct STRATA_TABLE("accounts") Account {
  STRATA_PK std::int32_t id;
  std::string name;
};

struct STRATA_TABLE("items") Item {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int32_t account_id;
  std::optional<std::int32_t> amount;
  std::string code;
  std::int32_t qty;
};
"""
STEPS = [
    ("index", [("  std::int32_t account_id;", "  STRATA_INDEXED std::int32_t account_id;")]),
    ("unique constraint", [("  std::string code;", "  STRATA_UNIQUE std::string code;")]),
    ("foreign key", [("STRATA_INDEXED std::int32_t account_id;",
                      "STRATA_INDEXED STRATA_FK(\"accounts.id\") std::int32_t account_id;")]),
    ("check", [("  std::int32_t qty;", "  STRATA_CHECK(\"qty >= 0\") std::int32_t qty;")]),
    ("SET NOT NULL", [("std::optional<std::int32_t> amount;", "std::int32_t amount;")]),
    ("new NOT NULL column, volatile default (backfill)",
     [("std::string code;\n", "std::string code;\n"
       "  STRATA_TYPE(\"uuid\") STRATA_DEFAULT(\"gen_random_uuid()\") std::string token;\n")]),
    ("int -> bigint", [("STRATA_CHECK(\"qty >= 0\") std::int32_t qty;", "STRATA_CHECK(\"qty >= 0\") std::int64_t qty;")]),
]

UPDATE_SCRIPT = "\\set id random(1, {rows})\nUPDATE items SET qty = qty + 1 WHERE id = :id;\n"
INSERT_SCRIPT = ("\\set account random(1, 1000)\n"
                 "INSERT INTO items (account_id, amount, code, qty) VALUES (:account, 1, md5(random()::text), 1);\n")

# Sessions waiting for a lock, with who blocks them (every sample: the waits then in progress).
LOCK_SAMPLE = """
SELECT w.pid, w.application_name, l.locktype, l.mode, coalesce(l.relation::regclass::text, ''),
       extract(epoch FROM now() - w.state_change) * 1000, left(w.query, 120),
       coalesce((SELECT string_agg(b.pid || ' ' || b.application_name || ': ' || left(b.query, 120), '; ')
                 FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(w.pid))), '')
FROM pg_locks l JOIN pg_stat_activity w ON w.pid = l.pid
WHERE NOT l.granted AND w.datname = current_database()
UNION ALL
SELECT w.pid, w.application_name, 'slow write', coalesce(w.wait_event_type || ' ' || w.wait_event, 'on CPU'), '',
       extract(epoch FROM now() - w.query_start) * 1000, left(w.query, 120), ''
FROM pg_stat_activity w
WHERE w.application_name = 'pgbench' AND w.state = 'active' AND now() - w.query_start > interval '20 ms'
  AND w.wait_event_type IS DISTINCT FROM 'Lock'
"""


class LockSampler(threading.Thread):
    """Polls pg_locks and pg_stat_activity every 10 ms while a step runs; keeps the longest wait
    seen per (waiter's statement, lock mode or wait event, blocker): a write slower than 20 ms
    that waits for no lock shows its wait event (LWLock, IO) or "on CPU"."""

    def __init__(self, dsn):
        super().__init__(daemon=True)
        self.connection = psycopg2.connect(dsn, application_name="lock_sampler")
        self.connection.autocommit = True
        self.stop = threading.Event()
        self.waits = {}

    def run(self):
        with self.connection.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(LOCK_SAMPLE)
                for pid, app, locktype, mode, relation, ms, query, blockers in cursor.fetchall():
                    key = (app, query, f"{locktype} {mode} {relation}".strip(), blockers)
                    self.waits[key] = max(self.waits.get(key, 0.0), float(ms or 0))
                time.sleep(0.01)
        self.connection.close()

    def longest(self, count=3):
        return sorted(self.waits.items(), key=lambda item: -item[1])[:count]


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def read_pgbench_logs(prefix):
    """(start, end, latency ms) of every logged transaction: -l lines are
    `client transaction latency_us script epoch_s epoch_us` (end time)."""
    writes = []
    for path in glob.glob(prefix + ".*"):
        with open(path) as log:
            for line in log:
                fields = line.split()
                if len(fields) < 6:
                    continue
                latency = int(fields[2]) / 1e6
                end = int(fields[4]) + int(fields[5]) / 1e6
                writes.append((end - latency, end, latency * 1000))
    return writes


class OnlineBench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build_dir)
        self.strata_gen = os.path.join(self.build, "generator", "strata-gen")
        self.work = os.path.abspath(args.work)
        self.rows = []

    def db_url(self, name):
        return self.args.url.rsplit("/", 1)[0] + "/" + name

    def psql(self, url, *statements):
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, *[a for s in statements for a in ("-c", s)]])

    # -- the revisions -------------------------------------------------------------------------
    def generate(self, mode):
        """Writes the mode's migration set, one revision per step; returns [(step, revision written
        or the refusal)]."""
        root = f"{self.work}/{mode}"
        shutil.rmtree(root, ignore_errors=True)
        for sub in ("models", "migrations", "generated"):
            os.makedirs(f"{root}/{sub}")
        model = f"{root}/models/items.hpp"
        accepted = BASE_MODEL

        def gen(text, message):
            with open(model, "w") as f:
                f.write(text)
            cmd = [self.strata_gen, "--name", "bench_online", "--migrations", f"{root}/migrations",
                   "--generated", f"{root}/generated", "--url-env", "BENCH_DATABASE_URL",
                   "-I", os.path.join(ROOT, "include"), "--prelude-cache", f"{self.work}/prelude-cache",
                   "--models", model, *(["--online"] if mode == "online" else []),
                   "generate", "--allow-destructive", "-m", message]
            return subprocess.run(cmd, capture_output=True, text=True)

        if gen(accepted, "base").returncode:
            raise CommandFailed(f"strata-gen generate (base, {mode}) failed")
        outcomes = []
        for name, edits in STEPS:
            text = accepted
            for old, new in edits:
                if old not in text:
                    raise CommandFailed(f"step {name}: {old!r} not in the model")
                text = text.replace(old, new)
            result = gen(text, name)
            if result.returncode:
                refusal = (result.stderr.strip() or result.stdout.strip()).splitlines()
                outcomes.append((name, None, refusal))
                with open(model, "w") as f:
                    f.write(accepted)  # the refused change stays out of the set
                continue
            accepted = text
            outcomes.append((name, sorted(glob.glob(f"{root}/migrations/*.up.sql"))[-1], None))
        with open(f"{root}/models/models.txt", "w") as f:
            f.write(model + "\n")
        return outcomes

    def migrator(self, mode):
        """Builds the mode's migrator from its set (bench/project, as an application would)."""
        root = f"{self.work}/{mode}"
        build = f"{root}/build"
        run(["cmake", "-S", os.path.join(ROOT, "bench", "project"), "-B", build, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_PREFIX_PATH={self.build}/prefix",
             f"-DBENCH_MODELS_LIST={root}/models/models.txt", f"-DBENCH_SET_DIR={root}"])
        run(["cmake", "--build", build, "--target", "migrations"])
        return f"{build}/migrator"

    # -- the run -------------------------------------------------------------------------------
    def load(self, mode, migrator):
        database = f"bench_online_{mode}"
        self.psql(self.args.url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"')
        url = self.db_url(database)
        run([migrator, "--url", url, "upgrade", "+1"])
        self.psql(url, "INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 1000) g",
                  f"INSERT INTO items (account_id, amount, code, qty) SELECT 1 + g % 1000, g % 100, 'c' || g, g % 50 "
                  f"FROM generate_series(1, {self.args.rows}) g", "VACUUM ANALYZE", "CHECKPOINT")
        return url

    def step(self, mode, migrator, url, number, name):
        scripts = f"{self.work}/scripts"
        logs = f"{self.work}/logs/{mode}_{number}"
        shutil.rmtree(logs, ignore_errors=True)
        os.makedirs(logs)
        writer = subprocess.Popen(
            [PGBENCH, "-n", "-c", str(self.args.clients), "-j", "2", "-T", "3600", "-l",
             "--log-prefix", f"{logs}/tx", "-f", f"{scripts}/update.sql@1", "-f", f"{scripts}/insert.sql@1", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(self.args.settle)
        sampler = LockSampler(url)
        sampler.start()
        load_before = os.getloadavg()[0]
        started = time.time()
        options = ["--batch-size", str(self.args.batch_size)]
        if self.args.lock_timeout and mode == "online":
            options += ["--lock-timeout", self.args.lock_timeout, "--lock-retries", str(self.args.lock_retries)]
        result = subprocess.run([migrator, "--url", url, "upgrade", "+1"] + options,
                                capture_output=True, text=True)
        ended = time.time()
        sampler.stop.set()
        sampler.join()
        time.sleep(self.args.settle)
        writer.send_signal(signal.SIGINT)
        writer.wait()
        if result.returncode:
            raise CommandFailed(f"{mode} step {name}: migrator exit {result.returncode}\n{result.stderr[-3000:]}")
        writes = [w for w in read_pgbench_logs(f"{logs}/tx") if w[0] < ended and w[1] > started]
        before = [w for w in read_pgbench_logs(f"{logs}/tx") if w[1] < started]
        latencies = [w[2] for w in writes]
        row = dict(mode=mode, step=name, seconds=ended - started, writes=len(writes),
                   max_ms=max(latencies, default=0.0), p99_ms=percentile(latencies, 0.99),
                   idle_p99_ms=percentile([w[2] for w in before], 0.99), load=load_before,
                   waits=sampler.longest(), progress=result.stderr)
        self.rows.append(row)
        print(f"  {mode:<6} {name:<50} {row['seconds']:8.3f} s  writes {row['writes']:6d}  "
              f"max {row['max_ms']:8.1f} ms  p99 {row['p99_ms']:7.1f} ms  (idle p99 {row['idle_p99_ms']:.1f} ms)  "
              f"load {load_before:.2f}", flush=True)
        for (app, query, lock, blockers), ms in row["waits"]:
            print(f"         waited {ms:7.1f} ms: {app or '?'} [{lock}] {query!r} behind {blockers!r}", flush=True)

    def main(self):
        os.makedirs(f"{self.work}/scripts", exist_ok=True)
        with open(f"{self.work}/scripts/update.sql", "w") as f:
            f.write(UPDATE_SCRIPT.format(rows=self.args.rows))
        with open(f"{self.work}/scripts/insert.sql", "w") as f:
            f.write(INSERT_SCRIPT)
        modes = self.args.modes.split(",")
        sets = {}
        for mode in modes:
            outcomes = self.generate(mode)
            sets[mode] = (outcomes, self.migrator(mode))
            for name, written, refusal in outcomes:
                if refusal:
                    print(f"  {mode:<6} {name:<50} refused by strata-gen: {' / '.join(refusal[:3])}", flush=True)
        # Modes alternate step by step, each on its own database, so both see the same machine.
        urls = {mode: self.load(mode, sets[mode][1]) for mode in modes}
        for number, (name, _) in enumerate(STEPS, 1):
            for mode in modes:
                outcomes, migrator = sets[mode]
                if outcomes[number - 1][1] is None:
                    continue
                self.step(mode, migrator, urls[mode], number, name)
        self.report(modes, sets)

    def report(self, modes, sets):
        print("\n| step | mode | migrator s | writes during it | max write ms | p99 write ms | "
              f"online ≤ {GOAL_MS:.0f} ms | online s / plain s | load |")
        print("|---|---|---|---|---|---|---|---|---|")
        by = {(r["mode"], r["step"]): r for r in self.rows}
        for name, _ in STEPS:
            for mode in modes:
                row = by.get((mode, name))
                if row is None:
                    print(f"| {name} | {mode} | refused | | | | | | |")
                    continue
                met = ("yes" if row["max_ms"] <= GOAL_MS else "**no**") if mode == "online" else ""
                plain = by.get(("plain", name))
                price = f"{row['seconds'] / plain['seconds']:.1f}" if mode == "online" and plain else ""
                print(f"| {name} | {mode} | {row['seconds']:.3f} | {row['writes']} | {row['max_ms']:.1f} | "
                      f"{row['p99_ms']:.1f} | {met} | {price} | {row['load']:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--lock-timeout", default="",
                        help="online mode's --lock-timeout (default: the migrator's, 2 s); a write waits at most about "
                             "this long behind a part's brief ACCESS EXCLUSIVE lock")
    parser.add_argument("--lock-retries", type=int, default=20, help="the migrator's --lock-retries with --lock-timeout")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds of writes before and after each step")
    parser.add_argument("--modes", default="plain,online")
    parser.add_argument("--work", default=os.path.join(ROOT, "build-bench", "online-work"))
    args = parser.parse_args()
    print(f"# Strata online benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"{args.rows} rows, {args.clients} writers, load average {os.getloadavg()[0]:.2f}", flush=True)
    OnlineBench(args).main()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The benchmark measurements; bench/run builds Strata, starts a throwaway PostgreSQL and calls this.

    measure.py --build-dir DIR --url URL [--sizes 50,200,1000] [--reps 5] [--only SECTIONS]
               [--large-sizes 10000,20000] [--work DIR] [--json FILE] [--compare-prefix DIR]

Every figure is a ratio to a floor measured in the same run: the cases of one comparison run
interleaved (floor, subject, other, floor, subject, ...), one discarded warm-up round first, then
the median of --reps rounds. Peak memory is the ru_maxrss of the measured process and the children
it waited for (os.wait4), i.e. what GNU time's %M reports; the PostgreSQL server is not included.

Sections (--only, comma separated; default all): inspect, generate (initial), edit (one-field edit
on the N-revision chain, and on that chain squashed into one baseline), noop, upgrade, check, large
(initial generate only, at --large-sizes, with the per-table cost that shows whether it stays
linear). A table of per-table costs (each row's seconds / N) closes the run.
"""
import argparse
import datetime
import glob
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
ALEMBIC = ["/usr/bin/python3", "-m", "alembic"]
CLANG = ["clang++-14", "-fsyntax-only", "-std=c++20"]
SECTIONS = ["inspect", "generate", "edit", "noop", "upgrade", "check", "large"]


class CommandFailed(RuntimeError):
    pass


def timed(cmd, cwd=None, env=None, expect=(0,), stdout=None, max_address_space=None):
    """Runs cmd; returns (seconds, peak KiB). stdout goes to the file `stdout` or nowhere.
    max_address_space (bytes) caps each process of the command (a shared machine must not OOM)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (max_address_space, max_address_space))

    with tempfile.TemporaryFile() as err, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                                   preexec_fn=limit if max_address_space else None)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in expect:
            err.seek(0)
            raise CommandFailed(f"{' '.join(map(str, cmd))}: exit {code}\n{err.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss


def run(cmd, **kwargs):
    """Runs an unmeasured step, failing loudly."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise CommandFailed(f"{' '.join(map(str, cmd))}: exit {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


def interleaved(cases, reps):
    """cases: [(key, prepare or None, kwargs for timed)]. Returns {key: {"s": median, "kib": peak}}."""
    samples = {key: ([], []) for key, _, _ in cases}
    for round_number in range(reps + 1):
        for key, prepare, kwargs in cases:
            if prepare:
                prepare()
            seconds, kib = timed(**kwargs)
            if round_number:  # round 0 warms the caches
                samples[key][0].append(seconds)
                samples[key][1].append(kib)
    return {key: {"s": statistics.median(t), "kib": max(m), "all": [round(x, 4) for x in t]}
            for key, (t, m) in samples.items()}


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build_dir)
        self.strata_gen = os.path.join(self.build, "generator", "strata-gen")
        self.url = args.url
        self.rows = []  # (N, comparison, subject s, floor s, ratio, goal, met, subject MiB, floor MiB)
        self.notes = []
        self.tu_mb = {}
        self.project_failed = set()
        self.pch = None  # clang's PCH of the prelude strata-gen precompiles (warm_prelude)

    # -- database helpers -------------------------------------------------------------------
    def db_url(self, name):
        return self.url.rsplit("/", 1)[0] + "/" + name  # the throwaway URL ends in /postgres

    def recreate_db(self, name):
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url,
             "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c", f'CREATE DATABASE "{name}"'])

    # -- recording ---------------------------------------------------------------------------
    def row(self, n, what, subject, floor, goal, invert=False):
        """ratio = subject/floor, or floor/subject (a speed-up) when invert."""
        ratio = floor["s"] / subject["s"] if invert else subject["s"] / floor["s"]
        met = None
        if goal:
            op, value = goal[:2], float(goal[2:])
            met = ratio <= value if op == "<=" else ratio >= value
        self.rows.append(dict(n=n, what=what, subject_s=subject["s"], floor_s=floor["s"], ratio=ratio,
                              goal=goal or "", met=met, subject_mib=subject["kib"] / 1024,
                              floor_mib=floor["kib"] / 1024, subject_all=subject["all"], floor_all=floor["all"]))
        mark = "" if met is None else (" ok" if met else " MISSED")
        print(f"  N={n:<5} {what:<58} {subject['s']:9.3f}s {floor['s']:9.3f}s  ratio {ratio:7.2f} "
              f"{goal or '':>6}{mark}  peak {subject['kib'] / 1024:7.1f} / {floor['kib'] / 1024:7.1f} MiB", flush=True)

    # -- inputs ------------------------------------------------------------------------------
    def synth(self, n):
        work = os.path.join(self.args.work, f"n{n}")
        if os.path.exists(work):
            shutil.rmtree(work)
        os.makedirs(work)
        py = sys.executable
        run([py, os.path.join(BENCH, "synth_models.py"), str(n), f"{work}/models", "--alembic", f"{work}/py",
             "--alembic-versions", f"{work}/alembic_chain/versions"])
        run([py, os.path.join(BENCH, "synth_models.py"), str(n), f"{work}/models_edit", "--alembic", f"{work}/py_edit",
             "--edit"])
        for kind in ("models", "models_edit"):
            headers = open(f"{work}/{kind}/models.txt").read().split()
            with open(f"{work}/{kind}/umbrella.cpp", "w") as f:
                f.write("".join(f'#include "{h}"\n' for h in headers))
        for project in ("alembic_init", "alembic_chain"):
            os.makedirs(f"{work}/{project}/versions", exist_ok=True)
            for name in ("env.py", "script.py.mako", "alembic.ini"):
                shutil.copy(os.path.join(BENCH, "alembic", name), f"{work}/{project}/{name}")
        return work

    def headers(self, models_dir):
        return open(os.path.join(models_dir, "models.txt")).read().split()

    def gen_cmd(self, headers, migrations, generated, *command, prelude_cache=None):
        """strata-gen as the `migrations` target runs it: with its prelude cache, which the warm-up
        round fills (the "cold" rows pass a cache emptied before every round)."""
        return [self.strata_gen, "--name", "bench", "--migrations", migrations, "--generated", generated,
                "--url-env", "BENCH_DATABASE_URL", "-I", os.path.join(ROOT, "include"),
                "--prelude-cache", prelude_cache or os.path.join(self.args.work, "prelude-cache"),
                *[arg for h in headers for arg in ("--models", h)], *command]

    def drop_scan_cache(self, cache=None):
        """Leaves the prelude and removes the scan cache (generator/scan_cache.hpp), so a row
        measures the parse it measured before there was one."""
        for f in glob.glob(os.path.join(cache or os.path.join(self.args.work, "prelude-cache"), "scan-*.msgpack")):
            os.remove(f)

    def edit_project(self, work, name):
        """A project where the edit happens as it does for a developer: the models in place, the
        cache dir (warm prelude) holding the scan of the models before the edit, then the edited
        header written over its old version. Returns (headers, cache dir, restore-the-cache)."""
        live, cache = f"{work}/{name}_models", f"{work}/{name}_cache"
        shutil.rmtree(live, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(f"{work}/models", live)
        shared = os.path.join(self.args.work, "prelude-cache")
        shutil.copytree(shared, cache, ignore=shutil.ignore_patterns("scan-*"))
        headers = [os.path.join(live, os.path.basename(h)) for h in self.headers(f"{work}/models")]
        run(self.gen_cmd(headers, f"{work}/tmp_m", f"{work}/tmp_g", "inspect", prelude_cache=cache))
        before_edit = {}  # the scan cache's index and parts
        for scan_file in glob.glob(f"{cache}/scan-*.msgpack"):
            with open(scan_file, "rb") as f:
                before_edit[scan_file] = f.read()
        if len(before_edit) != 2:
            raise CommandFailed(f"expected the scan cache's two files in {cache}: {sorted(before_edit)}")
        for h in self.headers(f"{work}/models_edit"):
            shutil.copyfile(h, os.path.join(live, os.path.basename(h)))

        def restore():
            self.drop_scan_cache(cache)
            for scan_file, content in before_edit.items():
                with open(scan_file, "wb") as f:
                    f.write(content)
        return headers, cache, restore

    def clang_kwargs(self, umbrella, pch=None):
        return dict(cmd=[*CLANG, "-I", os.path.join(ROOT, "include"), *(["-include-pch", pch] if pch else []),
                         umbrella])

    def warm_prelude(self, headers, work):
        """Fills the shared prelude cache: strata-gen precompiles a prelude the second time it is
        wanted, so the warm rows scan twice first. Returns the clang PCH of the same prelude header
        (the fair floor of a warm scan), built once per run."""
        cmd = self.gen_cmd(headers, f"{work}/tmp_m", f"{work}/tmp_g", "inspect")
        run(cmd)
        run(cmd)
        cache = os.path.join(self.args.work, "prelude-cache")
        prelude = sorted(glob.glob(os.path.join(cache, "prelude-*.hpp")))
        if not prelude:
            return None
        pch = os.path.join(self.args.work, os.path.basename(prelude[0])[:-4] + ".clang.pch")
        if not os.path.exists(pch):
            run(["clang++-14", "-x", "c++-header", "-std=c++20", "-I", os.path.join(ROOT, "include"), prelude[0],
                 "-o", pch])
        return pch

    def alembic_env(self, work, models_py, db):
        env = dict(os.environ, BENCH_MODELS_PY_DIR=f"{work}/{models_py}", BENCH_ALEMBIC_URL=self.sa_url(db))
        return env

    def sa_url(self, db):
        return self.db_url(db).replace("postgresql://", "postgresql+psycopg2://", 1)

    # -- issue 2: scanning -------------------------------------------------------------------
    def inspect_automl(self):
        text = open(os.path.join(ROOT, "models", "CMakeLists.txt")).read()
        headers = [os.path.join(ROOT, "models", rel) for rel in re.findall(r"\$\{CMAKE_CURRENT_SOURCE_DIR\}/(\S+\.hpp)", text)]
        umbrella = os.path.join(self.args.work, "automl_umbrella.cpp")
        os.makedirs(self.args.work, exist_ok=True)
        with open(umbrella, "w") as f:
            f.write("".join(f'#include "{h}"\n' for h in headers))
        tmp = tempfile.mkdtemp(dir=self.args.work)
        cmd = self.gen_cmd(headers, f"{tmp}/m", f"{tmp}/g", "inspect")
        result = interleaved([("floor", None, self.clang_kwargs(umbrella)),
                              ("inspect", self.drop_scan_cache, dict(cmd=cmd))], self.args.reps)
        self.row("models/", "strata-gen inspect vs clang++ -fsyntax-only", result["inspect"], result["floor"], "<=1.0")

    def inspect_synth(self, n, work):
        cmd = self.gen_cmd(self.headers(f"{work}/models"), f"{work}/tmp_m", f"{work}/tmp_g", "inspect")
        result = interleaved([("floor", None, self.clang_kwargs(f"{work}/models/umbrella.cpp")),
                              ("inspect", self.drop_scan_cache, dict(cmd=cmd))], self.args.reps)
        self.row(n, "strata-gen inspect vs clang++ -fsyntax-only", result["inspect"], result["floor"], "<=1.0")

    # -- issue 3: generate -------------------------------------------------------------------
    def generate(self, n, work):
        headers = self.headers(f"{work}/models")
        init = f"{work}/gen_init"

        def fresh_init():
            shutil.rmtree(init, ignore_errors=True)
            os.makedirs(f"{init}/migrations")
            os.makedirs(f"{init}/generated")
            self.drop_scan_cache()

        def fresh_alembic_init():
            for f in glob.glob(f"{work}/alembic_init/versions/*.py"):
                os.remove(f)

        def fresh_init_cold():
            fresh_init()
            os.makedirs(f"{init}/prelude-cache")

        self.recreate_db("alembic_empty")
        gen = self.gen_cmd(headers, f"{init}/migrations", f"{init}/generated", "generate", "-m", "initial")
        gen_cold = self.gen_cmd(headers, f"{init}/migrations", f"{init}/generated", "generate", "-m", "initial",
                                prelude_cache=f"{init}/prelude-cache")
        alembic = dict(cmd=[*ALEMBIC, "-c", f"{work}/alembic_init/alembic.ini", "revision", "--autogenerate",
                            "-m", "initial"], env=self.alembic_env(work, "py", "alembic_empty"))
        pch = self.pch
        result = interleaved([("clang", None, self.clang_kwargs(f"{work}/models/umbrella.cpp")),
                              *([("clang_pch", None, self.clang_kwargs(f"{work}/models/umbrella.cpp", pch))]
                                if pch else []),
                              ("strata", fresh_init, dict(cmd=gen)),
                              ("strata_cold", fresh_init_cold, dict(cmd=gen_cold)),
                              ("alembic", fresh_alembic_init, alembic)], self.args.reps)
        self.row(n, "generate (initial) vs clang++ -fsyntax-only", result["strata"], result["clang"], "<=1.0")
        if pch:
            self.row(n, "generate (initial) vs clang++ -fsyntax-only -include-pch (same prelude)", result["strata"],
                     result["clang_pch"], "<=1.0")
        self.row(n, "generate (initial, cold prelude cache) vs clang++ -fsyntax-only", result["strata_cold"],
                 result["clang"], "<=1.0")
        self.row(n, "generate (initial): speed-up over alembic autogenerate", result["strata"], result["alembic"],
                 ">=5", invert=True)

        # `migrations-check` in a fresh build tree (CI's case): the revision the last round wrote.
        def empty_cold_cache():
            shutil.rmtree(f"{init}/prelude-cache", ignore_errors=True)
            os.makedirs(f"{init}/prelude-cache")

        check_cold = self.gen_cmd(headers, f"{init}/migrations", f"{init}/generated", "check",
                                  prelude_cache=f"{init}/prelude-cache")
        # And in a developer's tree, where the prelude and the scan cache are warm and the models
        # unchanged since the last scan: nothing is parsed.
        check_warm = self.gen_cmd(headers, f"{init}/migrations", f"{init}/generated", "check")
        result = interleaved([("clang", None, self.clang_kwargs(f"{work}/models/umbrella.cpp")),
                              ("check_cold", empty_cold_cache, dict(cmd=check_cold)),
                              ("check_warm", None, dict(cmd=check_warm))], self.args.reps)
        self.row(n, "check (cold prelude cache) vs clang++ -fsyntax-only", result["check_cold"], result["clang"],
                 "<=1.0")
        self.row(n, "check (warm prelude and scan caches, models unchanged) vs clang++ -fsyntax-only",
                 result["check_warm"], result["clang"], "")

    def large(self, n):
        """Initial generate of a model too large for the other sections (no Alembic side, one round
        per case after the warm-up): whether the cost per table stays flat up to 20 000 tables."""
        work = os.path.join(self.args.work, f"large{n}")
        shutil.rmtree(work, ignore_errors=True)
        run([sys.executable, os.path.join(BENCH, "synth_models.py"), str(n), f"{work}/models"])
        headers = self.headers(f"{work}/models")
        with open(f"{work}/models/umbrella.cpp", "w") as f:
            f.write("".join(f'#include "{h}"\n' for h in headers))
        init = f"{work}/gen_init"

        def fresh_init():
            shutil.rmtree(init, ignore_errors=True)
            os.makedirs(f"{init}/migrations")
            os.makedirs(f"{init}/generated")

        gen = self.gen_cmd(headers, f"{init}/migrations", f"{init}/generated", "generate", "-m", "initial")
        result = interleaved([("clang", None, self.clang_kwargs(f"{work}/models/umbrella.cpp")),
                              ("strata", fresh_init, dict(cmd=gen))], 1)
        # The goal here is a flat cost per table (the per-table table), not a ratio.
        self.row(n, "generate (initial) vs clang++ -fsyntax-only", result["strata"], result["clang"], "")
        shutil.rmtree(work, ignore_errors=True)

    def edit(self, n, work):
        """The one-field edit, on the N-revision chain."""
        self.chain(n, work)
        headers_edit, cache, restore_cache = self.edit_project(work, "edit")
        # The one-field edit, on the N-revision chain (the database/migrations at the previous revision).
        edit = f"{work}/gen_edit"

        def fresh_edit():
            shutil.rmtree(edit, ignore_errors=True)
            shutil.copytree(f"{work}/chain", edit)
            restore_cache()

        def fresh_edit_parsed():
            shutil.rmtree(edit, ignore_errors=True)
            shutil.copytree(f"{work}/chain", edit)
            self.drop_scan_cache(cache)

        def fresh_alembic_edit():
            for f in glob.glob(f"{work}/alembic_chain/versions/*.py"):
                if not os.path.basename(f).startswith("r"):
                    os.remove(f)

        self.alembic_at_head(work, "alembic_head")
        gen_edit = self.gen_cmd(headers_edit, f"{edit}/migrations", f"{edit}/generated", "generate", "-m", "add note",
                                prelude_cache=cache)
        alembic_edit = dict(cmd=[*ALEMBIC, "-c", f"{work}/alembic_chain/alembic.ini", "revision", "--autogenerate",
                                 "-m", "add note"], env=self.alembic_env(work, "py_edit", "alembic_head"))
        result = interleaved([("clang", None, self.clang_kwargs(f"{work}/models_edit/umbrella.cpp")),
                              ("strata", fresh_edit, dict(cmd=gen_edit)),
                              ("strata_parsed", fresh_edit_parsed, dict(cmd=gen_edit)),
                              ("alembic", fresh_alembic_edit, alembic_edit)], self.args.reps)
        fresh_alembic_edit()
        written = sorted(os.listdir(f"{edit}/migrations"))
        if not any(f.startswith(f"{n + 1:04d}_") for f in written):
            raise CommandFailed(f"the edit wrote no revision {n + 1:04d}: {written[-5:]}")
        self.row(n, "generate (one-field edit) vs clang++ -fsyntax-only", result["strata"], result["clang"], "<=0.5")
        self.row(n, "generate (one-field edit, no scan cache: every header parsed) vs clang++ -fsyntax-only",
                 result["strata_parsed"], result["clang"], "")
        self.row(n, "generate (one-field edit): speed-up over alembic autogenerate", result["strata"],
                 result["alembic"], ">=5", invert=True)
        self.edit_squashed(n, work)

    def edit_squashed(self, n, work):
        """The same edit after `strata-gen squash --upto <head>` made the chain one baseline revision."""
        squashed = f"{work}/chain_squashed"
        shutil.rmtree(squashed, ignore_errors=True)
        shutil.copytree(f"{work}/chain", squashed)
        head = sorted(f[:-len(".up.sql")] for f in os.listdir(f"{squashed}/migrations") if f.endswith(".up.sql"))[-1]
        run(self.gen_cmd(self.headers(f"{work}/models"), f"{squashed}/migrations", f"{squashed}/generated",
                         "squash", "--upto", head))
        edit = f"{work}/gen_edit_squashed"
        headers_edit, cache, restore_cache = self.edit_project(work, "edit_squashed")

        def fresh_edit():
            shutil.rmtree(edit, ignore_errors=True)
            shutil.copytree(squashed, edit)
            restore_cache()

        gen_edit = self.gen_cmd(headers_edit, f"{edit}/migrations", f"{edit}/generated", "generate", "-m", "add note",
                                prelude_cache=cache)
        result = interleaved([("clang", None, self.clang_kwargs(f"{work}/models_edit/umbrella.cpp")),
                              ("strata", fresh_edit, dict(cmd=gen_edit))], self.args.reps)
        written = sorted(os.listdir(f"{edit}/migrations"))
        if not any(f.startswith(f"{n + 1:04d}_") for f in written):
            raise CommandFailed(f"the edit after the squash wrote no revision {n + 1:04d}: {written[-5:]}")
        self.row(n, "generate (one-field edit, chain squashed) vs clang++ -fsyntax-only", result["strata"],
                 result["clang"], "<=0.5")

    def chain(self, n, work):
        """work/chain: the N-revision migration set (one table per revision), verified; returns its dir."""
        chain = f"{work}/chain"
        if os.path.exists(f"{chain}/generated/registry.cpp") and n in self.tu_mb:
            return chain
        init = f"{work}/gen_init"
        if not os.path.exists(f"{init}/migrations/snapshot.json"):
            shutil.rmtree(init, ignore_errors=True)
            os.makedirs(f"{init}/migrations")
            os.makedirs(f"{init}/generated")
            run(self.gen_cmd(self.headers(f"{work}/models"), f"{init}/migrations", f"{init}/generated",
                             "generate", "-m", "initial"))
        shutil.rmtree(chain, ignore_errors=True)
        os.makedirs(f"{chain}/generated")
        run([sys.executable, os.path.join(BENCH, "synth_revisions.py"), f"{init}/migrations", f"{chain}/migrations"])
        headers = self.headers(f"{work}/models")
        run(self.gen_cmd(headers, f"{chain}/migrations", f"{chain}/generated", "hash"))
        run(self.gen_cmd(headers, f"{chain}/migrations", f"{chain}/generated", "check"))  # chain ends at the models
        # registry.cpp #includes every revision's .cpp and embeds the head snapshot.
        size = os.path.getsize(f"{chain}/generated/registry.cpp") + sum(
            os.path.getsize(f) for f in glob.glob(f"{chain}/migrations/*.cpp"))
        self.notes.append(f"N={n}: the migrator's registry translation unit (registry.cpp + the {n} revision "
                          f".cpp files it includes) is {size / 1e6:.1f} MB")
        self.tu_mb[n] = size / 1e6
        return chain

    def alembic_at_head(self, work, db):
        self.recreate_db(db)
        run([*ALEMBIC, "-c", f"{work}/alembic_chain/alembic.ini", "upgrade", "head"],
            env=self.alembic_env(work, "py", db))

    # -- issue 6: the build --------------------------------------------------------------------
    def project(self, n, work, prefix=None, build_name="project_build"):
        """Configures and builds the consumer project of the N-revision chain against the Strata
        installed in `prefix` (default: this build's); returns its build dir."""
        chain = self.chain(n, work)
        build = f"{work}/{build_name}"
        if os.path.exists(f"{build}/migrator"):
            return build
        if n in self.project_failed:
            raise CommandFailed(f"the consumer project of N={n} did not build (see above)")
        run(["cmake", "-S", os.path.join(BENCH, "project"), "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             f"-DCMAKE_PREFIX_PATH={prefix or self.build + '/prefix'}",
             f"-DBENCH_MODELS_LIST={work}/models/models.txt", f"-DBENCH_SET_DIR={chain}"])
        try:
            seconds, kib = timed(["cmake", "--build", build, "--target", "migrations"],
                                 max_address_space=int(self.args.max_compile_gb * 2**30))
        except CommandFailed as error:
            self.notes.append(f"N={n}: the migrator did not build within --max-compile-gb {self.args.max_compile_gb} "
                              f"GB of address space per process: {str(error).splitlines()[-1][:200]}")
            self.project_failed.add(n)
            raise
        self.notes.append(f"N={n}: first build of `migrations` (generate no-op + registry.cpp compile + link): "
                          f"{seconds:.1f} s, peak {kib / 1024:.0f} MiB")
        return build

    def noop(self, n, work):
        build = self.project(n, work)
        result = interleaved([("empty", None, dict(cmd=["cmake", "--build", build, "--target", "empty"])),
                              ("migrations", None, dict(cmd=["cmake", "--build", build, "--target", "migrations"]))],
                             self.args.reps)
        self.row(n, "no-op build of `migrations` vs empty custom target", result["migrations"], result["empty"], "<=1.1")

    # -- issue 4: upgrade ----------------------------------------------------------------------
    def upgrade(self, n, work):
        build = self.project(n, work)
        migrator = f"{build}/migrator"
        sql = f"{work}/upgrade.sql"
        with open(sql, "w") as f:
            subprocess.run([migrator, "upgrade", "head", "--sql"], stdout=f, check=True)
        cases = [
            ("psql", lambda: self.recreate_db("up_psql"),
             dict(cmd=["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", sql, "-d", self.db_url("up_psql")])),
            ("migrator", lambda: self.recreate_db("up_strata"),
             dict(cmd=[migrator, "--url", self.db_url("up_strata"), "upgrade", "head"])),
            ("alembic", lambda: self.recreate_db("up_alembic"),
             dict(cmd=[*ALEMBIC, "-c", f"{work}/alembic_chain/alembic.ini", "upgrade", "head"],
                  env=self.alembic_env(work, "py", "up_alembic"))),
        ]
        if self.args.compare_prefix:
            earlier = f"{self.project(n, work, self.args.compare_prefix, 'project_build_compare')}/migrator"
            cases.insert(2, ("earlier", lambda: self.recreate_db("up_earlier"),
                             dict(cmd=[earlier, "--url", self.db_url("up_earlier"), "upgrade", "head"])))
        result = interleaved(cases, self.args.reps)
        self.row(n, f"migrator upgrade head ({n} revisions) vs psql -1 -f", result["migrator"], result["psql"], "<=1.0")
        if self.args.compare_prefix:
            self.row(n, f"earlier migrator (--compare-prefix) upgrade head vs psql -1 -f", result["earlier"],
                     result["psql"], None)
        self.row(n, f"alembic upgrade head ({n} revisions) vs psql -1 -f", result["alembic"], result["psql"], None)
        self.row(n, "migrator upgrade head: speed-up over alembic upgrade head", result["migrator"], result["alembic"],
                 None, invert=True)

    # -- check ---------------------------------------------------------------------------------
    def check(self, n, work):
        build = self.project(n, work)
        migrator = f"{build}/migrator"
        # Databases of this N only: one run measures several sizes on one cluster.
        strata_db, alembic_db = f"check_strata_{n}", f"check_alembic_{n}"
        self.recreate_db(strata_db)
        run([migrator, "--url", self.db_url(strata_db), "upgrade", "head"])
        self.alembic_at_head(work, alembic_db)
        alembic_check = dict(cmd=[sys.executable, os.path.join(BENCH, "alembic_check.py")],
                             env=self.alembic_env(work, "py", alembic_db), expect=(0, 1))
        seconds, _ = timed(**alembic_check)
        code = subprocess.run(alembic_check["cmd"], env=alembic_check["env"], capture_output=True, text=True)
        if code.returncode:
            self.notes.append(f"N={n}: alembic compare_metadata found differences (first: "
                              f"{code.stdout.splitlines()[:1]}); it still compared every table")
        result = interleaved([("migrator", None, dict(cmd=[migrator, "--url", self.db_url(strata_db), "check"])),
                              ("alembic", None, alembic_check)], self.args.reps)
        self.row(n, "migrator check: speed-up over alembic compare_metadata", result["migrator"], result["alembic"],
                 ">=10", invert=True)
        self.rows[-1]["per_table_ms"] = (result["migrator"]["s"] * 1000 / n, result["alembic"]["s"] * 1000 / n)
        print(f"           check per table: migrator {result['migrator']['s'] * 1000 / n:.2f} ms, "
              f"alembic {result['alembic']['s'] * 1000 / n:.2f} ms", flush=True)


def print_per_table_costs(rows):
    """How each figure grows with N: its subject's and its floor's milliseconds per table."""
    sizes = sorted({r["n"] for r in rows if isinstance(r["n"], int)})
    if not sizes:
        return
    print("\n## Per-table cost (ms per table: A / B)\n")
    print("| comparison | " + " | ".join(f"N={n}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for what in dict.fromkeys(r["what"] for r in rows if isinstance(r["n"], int)):
        by_n = {r["n"]: r for r in rows if r["what"] == what}
        cells = [f"{1000 * by_n[n]['subject_s'] / n:.2f} / {1000 * by_n[n]['floor_s'] / n:.2f}" if n in by_n else ""
                 for n in sizes]
        print(f"| {what} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--url", required=True, help="throwaway server, database postgres")
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--large-sizes", default="10000,20000", help="the sizes of the `large` section")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--work", default=None)
    parser.add_argument("--json", default=None, help="also write the rows as JSON here")
    parser.add_argument("--compare-prefix", default=None,
                        help="an earlier Strata install: `upgrade` also times its migrator, interleaved")
    parser.add_argument("--max-compile-gb", type=float, default=8,
                        help="address-space cap of each process of the consumer project's first build")
    args = parser.parse_args()
    args.work = os.path.abspath(args.work or os.path.join(args.build_dir, "bench-work"))
    sections = args.only.split(",")
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown --only section(s): {', '.join(sorted(unknown))}")
    bench = Bench(args)
    print(f"# Strata benchmarks, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"sizes {args.sizes}, {args.reps} rounds (+1 warm-up), sections {args.only}", flush=True)
    if "inspect" in sections:
        bench.inspect_automl()
    for n in [int(s) for s in args.sizes.split(",")]:
        work = bench.synth(n)
        bench.pch = bench.warm_prelude(bench.headers(f"{work}/models"), work)
        if "inspect" in sections:
            bench.inspect_synth(n, work)
        for section in SECTIONS[1:-1]:
            if section not in sections:
                continue
            try:
                getattr(bench, section)(n, work)
            except CommandFailed as error:  # recorded; the other sections still run
                bench.notes.append(f"N={n}: {section} not measured: {str(error).splitlines()[0][:300]}")
                print(f"  N={n:<5} {section}: FAILED: {str(error)[:1500]}", flush=True)
    if "large" in sections:
        for n in [int(s) for s in args.large_sizes.split(",")]:
            try:
                bench.large(n)
            except CommandFailed as error:
                bench.notes.append(f"N={n}: large not measured: {str(error).splitlines()[0][:300]}")
    print("\n| N | comparison (A vs B) | A s | B s | ratio | goal | met | peak MiB A / B |")
    print("|---|---|---|---|---|---|---|---|")
    for r in bench.rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        print(f"| {r['n']} | {r['what']} | {r['subject_s']:.3f} | {r['floor_s']:.3f} | {r['ratio']:.2f} | "
              f"{r['goal']} | {met} | {r['subject_mib']:.0f} / {r['floor_mib']:.0f} |")
    for note in bench.notes:
        print(f"- {note}")
    print_per_table_costs(bench.rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": bench.rows, "notes": bench.notes}, f, indent=1)


if __name__ == "__main__":
    main()

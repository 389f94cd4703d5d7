#!/usr/bin/env python3
"""The stance benchmark: the bars of bench/README.md, side by side with sqlite3, in one run.

`make bench` builds stance (release, at the root) and stance-bench (release, in bench/), then runs
this. The workloads come from bench/gen.py (deterministic), made once into bench/out. Wall-clock
medians from hyperfine decide the bars; commands compared with each other are measured in turns,
a few runs a round, so that a slow spell of a shared machine falls on both.

Prints one Markdown table (the one bench/README.md keeps) with PASS or FAIL for each bar.
Usage: bench/run.py [--rounds N]
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
STANCE = os.path.join(ROOT, ".build", "release", "stance")
BENCH = os.path.join(HERE, ".build", "release", "stance-bench")


def ensure(n, mix="journal"):
    """bench/out's journal of `mix` at n entries, generated if missing."""
    name = {"journal": "%d", "entities": "q%d"}.get(mix, mix + "-%d") % n
    path = os.path.join(OUT, name + ".stance")
    if not os.path.exists(path):
        print("bench: generating %s.stance" % name, file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(n), OUT, "42", mix], check=True)
    return path


def piped(journal):
    """The journal's lines less its header, `begin` and `end`: the same entries as a script."""
    path = journal[:-len(".stance")] + ".script"
    if not os.path.exists(path):
        with open(journal, encoding="utf-8") as f:
            lines = f.readlines()
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines[2:-1])
    return path


def timed(commands, runs, rounds, warmup=0):
    """The median wall time (seconds) of each command, run `runs` times per round (a list: for
    each command) in `rounds` rounds, the commands in turn, each after `warmup` runs not counted.
    A command is an argv list, or a string run by a shell (whose start hyperfine takes off)."""
    times = [[] for _ in commands]
    for _ in range(rounds):
        for i, c in enumerate(commands):
            with tempfile.NamedTemporaryFile(suffix=".json") as f:
                n = runs[i] if isinstance(runs, list) else runs
                args = ["hyperfine", "--style", "none", "--runs", str(n), "--warmup", str(warmup), "--export-json", f.name]
                args += [c] if isinstance(c, str) else ["-N", shlex.join(c)]
                subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[i] += json.load(open(f.name))["results"][0]["times"]
    return [statistics.median(t) for t in times]


def opening(journal):
    return [STANCE, journal, "-c", "help", "--no-journal"]


def peak_kb(cmd):
    """Peak resident memory of `cmd` in KiB (GNU time)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, check=True)
    return int(r.stderr.split()[-1])


def in_process(journal):
    """stance-bench's figures (microseconds), the median of three processes of 200 runs each."""
    outs = []
    for _ in range(3):
        r = subprocess.run([BENCH, journal, "200"], stdout=subprocess.PIPE, text=True, check=True)
        outs.append(dict(line.split(" ", 1) for line in r.stdout.splitlines()))
    keys = ["show_us", "who_us", "matrix_us", "complete_first_us", "complete_us", "entities"]
    return {k: statistics.median(float(o[k]) for o in outs) for k in keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5, help="rounds of each side-by-side measurement")
    rounds = ap.parse_args().rounds
    rows = []

    def row(measure, ours, theirs, ratio, bar, ok):
        rows.append((measure, ours, theirs, ratio, bar, "PASS" if ok else "FAIL"))

    ms = lambda s: "%.2f ms" % (s * 1e3)
    start, sq_start = timed([[STANCE, "-c", "help", "--no-journal"], ["sqlite3", ":memory:", "select 1;"]], 20, rounds, 1)
    row("start-up: `stance -c help` vs `sqlite3 :memory: 'select 1;'`", ms(start), ms(sq_start),
        "%.2f" % (start / sq_start), "<= 2", start / sq_start <= 2)

    n = 200_000
    j = ensure(n)
    sql = j[:-len(".stance")] + ".sql"
    script = piped(j)
    opened, pipe, sq = timed([opening(j), "%s --no-journal --quiet < %s" % (shlex.quote(STANCE), shlex.quote(script)),
                              ["sqlite3", ":memory:", ".read " + sql]], 2, rounds)
    row("open a 200,000-entry journal vs sqlite3 `.read` of the same", ms(opened), ms(sq),
        "%.3f" % (opened / sq), "<= 0.25", opened / sq <= 0.25)
    row("the same entries piped as a script vs opening", ms(pipe), ms(opened) + " (open)",
        "%.2f" % (pipe / opened), "<= 1.5", pipe / opened <= 1.5)

    size = os.path.getsize(j)
    net = (peak_kb(opening(j)) - peak_kb([STANCE, "-c", "help", "--no-journal"])) * 1024
    row("peak memory opening it, net of `stance -c help`", "%.1f MB" % (net / 1e6), "%.1f MB (journal)" % (size / 1e6),
        "%.2f" % (net / size), "<= 3", net <= 3 * size)

    # Time per entry less start-up, the two sizes and start-up measured in the same rounds.
    small, large = 10_000, 1_000_000
    s, lo, hi = timed([[STANCE, "-c", "help", "--no-journal"], opening(ensure(small)), opening(ensure(large))], [10, 10, 1], rounds)
    g = ((hi - s) / large) / ((lo - s) / small)
    row("time per entry opening 1,000,000 vs 10,000", "%.2f us" % ((hi - s) / large * 1e6), "%.2f us" % ((lo - s) / small * 1e6),
        "%.2f" % g, "<= 2", g <= 2)

    q = in_process(ensure(300_000, "entities"))
    ents = "{:,}".format(int(q["entities"]))
    for k in ("show", "who", "matrix"):
        row("`%s` at %s entities (in process)" % (k, ents), "%.1f us" % q[k + "_us"], "", "", "<= 200 us", q[k + "_us"] <= 200)
    tab = max(q["complete_first_us"], q["complete_us"]) / 1e3
    row("Tab completion at %s entities (first and later, worst)" % ents, "%.2f ms" % tab, "", "", "<= 10 ms", tab <= 10)

    # Taking stances back on one pair: linear, whatever the order (time per entry, less start-up).
    # Two rounds: while these are quadratic, an 80,000-entry run takes seconds.
    for mix, what in (("remove", "N removes newest-first"), ("undo", "`undo N`"), ("redo", "N `undo 1` then N `redo 1`")):
        s, lo, hi = timed([[STANCE, "-c", "help", "--no-journal"], opening(ensure(10_000, mix)),
                           opening(ensure(80_000, mix))], [10, 3, 1], 2)
        g = ((hi - s) / 80_000) / ((lo - s) / 10_000)
        row("%s, per entry at 80,000 vs 10,000" % what, "%.2f us" % ((hi - s) / 80_000 * 1e6),
            "%.2f us" % ((lo - s) / 10_000 * 1e6), "%.2f" % g, "<= 1.5", g <= 1.5)

    print("| measure | stance | reference | ratio | bar | |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print("\ncommit %s; %d cores, load average %s" % (commit, os.cpu_count(), open("/proc/loadavg").read().split()[0]))


if __name__ == "__main__":
    main()

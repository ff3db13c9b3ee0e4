#!/usr/bin/env python3
"""usage: scripts/rounds.py N OUT.json NAME PREPARE COMMAND [NAME PREPARE COMMAND ...]

Times builds in rounds: each round runs, for every NAME in turn, its PREPARE (untimed) then its
COMMAND (timed), both with sh -c and output discarded. Interleaving the tools round by round
cancels more of a shared machine's drift than timing all runs of one tool, then the next.
Writes {"NAME": {"median_ms": m, "runs_ms": [...]}, ...} to OUT.json and prints the medians.
"""
import json
import statistics
import subprocess
import sys
import time


def sh(command):
    subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main():
    if len(sys.argv) < 6 or (len(sys.argv) - 3) % 3:
        sys.exit(__doc__)
    rounds, out = int(sys.argv[1]), sys.argv[2]
    tools = [sys.argv[i:i + 3] for i in range(3, len(sys.argv), 3)]
    runs = {name: [] for name, _, _ in tools}
    for _ in range(rounds):
        for name, prepare, command in tools:
            sh(prepare)
            start = time.perf_counter_ns()
            done = subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if done.returncode != 0:
                sys.exit("failed (%d): %s" % (done.returncode, command))
            runs[name].append((time.perf_counter_ns() - start) / 1e6)
    result = {name: {"median_ms": statistics.median(r), "runs_ms": r} for name, r in runs.items()}
    with open(out, "w") as f:
        json.dump(result, f)
    print("   " + ", ".join("%s %.0f ms" % (name, result[name]["median_ms"]) for name, _, _ in tools))


if __name__ == "__main__":
    main()

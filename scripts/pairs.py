#!/usr/bin/env python3
"""usage: scripts/pairs.py N "COMMAND A" "COMMAND B"

Runs A and B alternately N times each (ABBA order, output to /dev/null) and prints their
medians, the median of the per-pair differences B-A, and the ratio of medians. Alternating
cancels the drift of a shared, noisy machine better than timing all of A, then all of B.
"""
import os
import statistics
import sys
import time


def run(argv):
    devnull = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=devnull)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit("failed: " + " ".join(argv))
    return (time.perf_counter_ns() - start) / 1e6


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    n, a, b = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
    for _ in range(max(20, n // 10)):
        run(a)
        run(b)
    ta, tb, diff = [], [], []
    for i in range(n):
        if i % 2:
            x, y = run(a), run(b)
        else:
            y, x = run(b), run(a)
        ta.append(x)
        tb.append(y)
        diff.append(y - x)
    ma, mb = statistics.median(ta), statistics.median(tb)
    print("A %.3f ms  B %.3f ms  B-A %+.3f ms  B/A %.2f" % (ma, mb, statistics.median(diff), mb / ma))


if __name__ == "__main__":
    main()

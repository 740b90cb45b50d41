"""Picks fuzz/regress/TARGET from a fuzzed corpus (see fuzz/README.md).

Greedy set cover on libFuzzer's per-file coverage edges (the COV lines of a
merge control file): take the file adding the most uncovered edges (the
smaller on ties), skip any that would pass the byte cap, stop at the file
cap or when no file adds an edge. Prints how much of the corpus's coverage
the pick keeps.

usage: python3 fuzz/pick_regress.py CONTROL_FILE OUT_DIR MAX_FILES MAX_BYTES
"""

import os
import sys

ctl, out, max_files, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lines = open(ctl).read().split("\n")
n = int(lines[0])
paths = lines[2 : 2 + n]
cov = {}
for line in lines[2 + n :]:
    if line.startswith("COV "):
        parts = line.split()
        cov[int(parts[1])] = set(parts[2:])
size = {i: os.path.getsize(paths[i]) for i in cov}
every = set().union(*cov.values())
covered, chosen, total = set(), [], 0
while len(chosen) < max_files:
    best = None
    for i, edges in cov.items():
        if i in chosen or total + size[i] > max_bytes:
            continue
        gain = len(edges - covered)
        if gain and (best is None or (gain, -size[i]) > best[0]):
            best = ((gain, -size[i]), i)
    if best is None:
        break
    i = best[1]
    chosen.append(i)
    covered |= cov[i]
    total += size[i]
os.makedirs(out, exist_ok=True)
for i in chosen:
    with open(paths[i], "rb") as src, open(os.path.join(out, os.path.basename(paths[i])), "wb") as dst:
        dst.write(src.read())
print(
    f"{len(cov)} files, {len(every)} edges -> {len(chosen)} files, {total} B, "
    f"{len(covered)} edges ({100 * len(covered) / len(every):.1f}%)"
)

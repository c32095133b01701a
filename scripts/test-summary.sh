#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints one closing line for the meson test runs of the given build
# directories, counting TAP subtests ("ok", "not ok", "# SKIP"):
#   check: N passed, N failed, N skipped
# and, for each build directory where boot tests (tests/qtest) ran, the sum
# of their "# boot cells run: N of M for host H" lines:
#   boot cells: N run of M (BUILD)
# Exits 1 if any test or subtest failed, if nothing ran, or if a build's
# boot tests ran fewer cells than their axes give (N != M) or fewer than all
# 648 cells of the 11 hosts.
set -eu
python3 - "$@" <<'PY'
import json, re, sys
BOOT_CELLS_ALL = 648  # tests/qtest/README.md: 10 hosts x 54 + 108
passed = failed = skipped = 0
boot_bad = False
boot_lines = []
for d in sys.argv[1:]:
    boot_ran = False
    cells_run = cells_all = 0
    with open(d + "/meson-logs/testlog.json") as f:
        for line in f:
            r = json.loads(line)
            # Names read "project:suite / test".
            if r.get("name", "").split(" / ")[-1].startswith("boot-"):
                boot_ran = True
            for n, m in re.findall(r"^# boot cells run: (\d+) of (\d+) for host \S+$",
                                   r.get("stdout") or "", re.M):
                boot_ran = True
                cells_run += int(n)
                cells_all += int(m)
            tap = re.findall(r"^(ok|not ok)\b(.*)$", r.get("stdout") or "", re.M)
            if not tap:
                # A test without TAP output counts once, by its result.
                tap = [("ok" if r["result"] == "OK" else
                        "ok" if r["result"] == "SKIP" else "not ok",
                        " # SKIP" if r["result"] == "SKIP" else "")]
            for status, rest in tap:
                if status == "not ok":
                    failed += 1
                elif "# SKIP" in rest:
                    skipped += 1
                else:
                    passed += 1
            if r["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
                failed += not any(s == "not ok" for s, _ in tap)
    if boot_ran:
        boot_lines.append("boot cells: %d run of %d (%s)" % (cells_run, cells_all, d))
        if cells_run != cells_all or cells_all != BOOT_CELLS_ALL:
            boot_bad = True
            boot_lines.append("boot cells: %s: expected %d run of %d"
                              % (d, BOOT_CELLS_ALL, BOOT_CELLS_ALL))
print("check: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
for l in boot_lines:
    print(l)
sys.exit(1 if failed or not passed or boot_bad else 0)
PY

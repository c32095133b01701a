#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints the closing summary of the meson test runs of the given build
# directories (make check: build, build-asan, build-tsan):
#   shared: DIR found   (or: shared: DIR NOT FOUND: ... skipped)
#   check: T tests: N OK, N skipped, N failed (meson's count, all builds)
#   check: subtests: N passed, N failed, N skipped (TAP "ok", "not ok",
#          "# SKIP" lines; a test without TAP counts once)
#   skipped: REASON (N in BUILDS)
#     the name of each skipped test or subtest
#   failed: BUILD: the name of each failed test or subtest
# and, for each build directory where boot tests (tests/qtest) ran, the sum
# of their "# boot cells run: N of M for host H" lines:
#   boot cells: N run of M (BUILD)
# and the totals line of each differential run (tests/differential):
#   differential: N configurations, N answers compared with QEMU 7.2, ...
# Exits 1 if any test or subtest failed, if nothing ran, or if a build's
# boot tests ran fewer cells than their axes give (N != M) or fewer than all
# 648 cells of the 11 hosts.
set -eu
python3 - "$@" <<'PY'
import json, os, re, sys, textwrap
BOOT_CELLS_ALL = 648  # tests/qtest/README.md: 10 hosts x 54 + 108
TAP = re.compile(r"^(ok|not ok)\b\s*\d*\s*(?:- )?(.*?)\s*(?:#\s*SKIP\b\s*(.*))?$")
PLAN_SKIP = re.compile(r"^1\.\.0\s*#\s*SKIP\b\s*(.*)$", re.M)
passed = failed = skipped = 0
results = {}
# meson's results that passed: a should_fail test that failed (EXPECTEDFAIL)
# passed.
PASS = ("OK", "EXPECTEDFAIL")
skips = {}   # reason -> {name: [builds]}
failures = []
boot_bad = False
boot_lines = []
diff_lines = []
shared_dirs = {}
for d in sys.argv[1:]:
    # The folder of the reference vectors and QEMU traces the tests got.
    try:
        with open(os.path.join(d, "meson-info", "intro-tests.json")) as f:
            for t in json.load(f):
                s = t.get("env", {}).get("SPAPR_IRQ_SHARED_DIR")
                if s:
                    shared_dirs[os.path.normpath(s)] = True
    except OSError:
        pass
    boot_ran = False
    cells_run = cells_all = 0
    with open(d + "/meson-logs/testlog.json") as f:
        for line in f:
            r = json.loads(line)
            # Names read "project:suite / test".
            test = r.get("name", "").split(" / ")[-1]
            out = r.get("stdout") or ""
            results[r["result"]] = results.get(r["result"], 0) + 1
            if test.startswith("boot-"):
                boot_ran = True
            for n, m in re.findall(r"^# boot cells run: (\d+) of (\d+) for host \S+$",
                                   out, re.M):
                boot_ran = True
                cells_run += int(n)
                cells_all += int(m)
            # The differential test's totals (tests/differential).
            diff_lines.extend("%s (%s)" % (m, d) for m in
                              re.findall(r"^# (differential: .*)$", out, re.M))
            tap = [TAP.match(l).groups() for l in out.splitlines() if TAP.match(l)]
            if not tap:
                # A test without TAP subtests counts once, by its result,
                # with the reason of its "1..0 # SKIP" plan if it has one.
                plan = PLAN_SKIP.search(out)
                good = r["result"] in PASS + ("SKIP",)
                tap = [("ok" if good else "not ok", "" if good else r["result"],
                        (plan.group(1) if plan else "no reason given")
                        if r["result"] == "SKIP" else None)]
            for status, desc, reason in tap:
                # A GLib subtest's path names it; a shell test's number
                # does not.
                name = desc if desc.startswith("/") else \
                    test + (": " + desc if desc else "")
                if status == "not ok":
                    failed += 1
                    failures.append("%s: %s" % (d, name))
                elif reason is not None:
                    skipped += 1
                    skips.setdefault(reason or "no reason given", {}) \
                         .setdefault(name, []).append(d)
                else:
                    passed += 1
            if r["result"] not in PASS + ("SKIP",):
                if not any(s == "not ok" for s, _, _ in tap):
                    failed += 1
                    failures.append("%s: %s: %s" % (d, test, r["result"]))
    if boot_ran:
        boot_lines.append("boot cells: %d run of %d (%s)" % (cells_run, cells_all, d))
        if cells_run != cells_all or cells_all != BOOT_CELLS_ALL:
            boot_bad = True
            boot_lines.append("boot cells: %s: expected %d run of %d"
                              % (d, BOOT_CELLS_ALL, BOOT_CELLS_ALL))
for s in sorted(shared_dirs):
    if os.path.isdir(s):
        print("shared: %s found" % s)
    else:
        print("shared: %s NOT FOUND: the QEMU 7.2 reference vectors and "
              "traces were not compared (their tests are skipped below)" % s)
print("check: %d tests: %d OK, %d skipped, %d failed (meson's count, all builds)"
      % (sum(results.values()), sum(results.get(k, 0) for k in PASS),
         results.get("SKIP", 0),
         sum(v for k, v in results.items() if k not in PASS + ("SKIP",))))
print("check: subtests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
for reason in sorted(skips, key=lambda k: -len(skips[k])):
    names = skips[reason]
    builds = sorted({b for bs in names.values() for b in bs})
    print("skipped: %s (%d in %s)"
          % (reason, sum(len(b) for b in names.values()), ", ".join(builds)))
    print(textwrap.fill(", ".join(sorted(names)), width=100, initial_indent="    ",
                        subsequent_indent="    ", break_on_hyphens=False))
for l in failures:
    print("failed: " + l)
for l in boot_lines:
    print(l)
for l in diff_lines:
    print(l)
sys.exit(1 if failed or not passed or boot_bad else 0)
PY

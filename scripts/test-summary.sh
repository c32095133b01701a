#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints one closing line for the meson test runs of the given build
# directories, counting TAP subtests ("ok", "not ok", "# SKIP"):
#   check: N passed, N failed, N skipped
# Exits 1 if any test or subtest failed, or if nothing ran.
set -eu
python3 - "$@" <<'PY'
import json, re, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    with open(d + "/meson-logs/testlog.json") as f:
        for line in f:
            r = json.loads(line)
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
print("check: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed or not passed else 0)
PY

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints one closing line for the meson test runs of the given build
# directories: "check: N passed, N failed, N skipped".
set -eu
python3 - "$@" <<'PY'
import json, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    with open(d + "/meson-logs/testlog.json") as f:
        for line in f:
            r = json.loads(line)
            if r["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r["result"] == "SKIP":
                skipped += 1
            else:
                failed += 1
print("check: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed or not passed else 0)
PY

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `spapr-irq matrix --html` renders in a real browser: headless Chromium
# (Debian's chromium, scripts/install-deps.sh) loads the page, which checks
# itself (every host's 108 cells, each with one outcome and a hover text)
# and writes its verdict into <body data-checked>; a screenshot must have
# the window's size and show every outcome's colour (tests/cli/
# png-colours.py reads it).  Without chromium, those checks are skipped
# with the reason.
# TAP output.
set -u
tool=${SPAPR_IRQ_TOOL:?}
here=$(cd "$(dirname "$0")" && pwd)
# CHROMIUM=PROGRAM picks the browser; CHROMIUM=none runs without one.
browser=${CHROMIUM:-}
if [ "$browser" = none ]; then
    browser=
elif [ -z "$browser" ]; then
    for b in chromium chromium-browser; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
width=1600
height=1000
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; failed=$((failed + 1)); }
# Headless Chromium, its profile in $tmp; at most 120 s per run.
run_browser() {
    timeout 120 "$browser" --headless --disable-gpu --no-sandbox \
        --user-data-dir="$tmp/profile" --hide-scrollbars "$@" 2>>"$tmp/browser.log"
}

hosts=$(( $("$tool" matrix -accel kvm-sim,host=help | awk 'NR > 1' | wc -l) + 1 ))
cells=$((hosts * 108))
if "$tool" matrix --html >"$tmp/matrix.html"; then
    ok "matrix --html writes the page of $hosts hosts"
else
    not_ok "matrix --html failed"
fi

# -accel draws one host; --json and --html exclude each other.
one=$("$tool" matrix --html -accel kvm-sim,host=power9-4.19)
if [ "$(printf '%s\n' "$one" | grep -c '<table class="host"')" -eq 1 ] &&
   printf '%s\n' "$one" | grep -q 'data-host="power9-4.19"'; then
    ok "matrix --html -accel draws that host only"
else
    not_ok "matrix --html -accel kvm-sim,host=power9-4.19 is not one grid of that host"
fi
if err=$("$tool" matrix --html --json 2>&1); then
    not_ok "matrix --html --json succeeded"
else
    case "$err" in
    *"--json and --html exclude each other"*) ok "matrix --html --json is refused: $err" ;;
    *) not_ok "matrix --html --json: unexpected message: $err" ;;
    esac
fi

if [ -z "$browser" ]; then
    echo "ok $((n + 1)) # SKIP no chromium (scripts/install-deps.sh installs Debian's chromium)"
    echo "1..$((n + 1))"
    [ "$failed" -eq 0 ]
    exit
fi

# The page's own check ran and found every cell.
run_browser --dump-dom "file://$tmp/matrix.html" >"$tmp/dom.html"
verdict=$(sed -n 's/.*<body[^>]* data-checked="\([^"]*\)".*/\1/p' "$tmp/dom.html")
if [ "$verdict" = "$cells cells ok" ]; then
    ok "the page checked itself in $browser: $verdict"
else
    not_ok "the page's check says \"$verdict\", expected \"$cells cells ok\""
    sed 's/^/# /' "$tmp/browser.log" | tail -20
fi
# ... and fails a page with a cell without an outcome.
sed '0,/<td class="cell [a-z-]*/s//<td class="cell/' "$tmp/matrix.html" \
    >"$tmp/broken.html"
run_browser --dump-dom "file://$tmp/broken.html" >"$tmp/dom.html"
verdict=$(sed -n 's/.*<body[^>]* data-checked="\([^"]*\)".*/\1/p' "$tmp/dom.html")
case "$verdict" in
FAIL:*) ok "the page's check fails a cell without an outcome: $verdict" ;;
*) not_ok "the page's check says \"$verdict\" of a cell without an outcome" ;;
esac

# A screenshot of the window's size with every outcome's colour on it.
run_browser --screenshot="$tmp/matrix.png" --window-size="$width,$height" \
    "file://$tmp/matrix.html" >/dev/null
colours=$(sed -n 's/^\.\([a-z-]*\) { background: \(#[0-9a-f]\{6\}\); }$/\1=\2/p' \
    "$tmp/matrix.html")
set -- $(printf '%s\n' "$colours" | sed 's/.*=//')
if [ ! -s "$tmp/matrix.png" ]; then
    not_ok "no screenshot"
    sed 's/^/# /' "$tmp/browser.log" | tail -20
elif ! python3 "$here/png-colours.py" "$tmp/matrix.png" "$@" >"$tmp/png.txt"; then
    not_ok "the screenshot is not a PNG this test reads"
else
    sed 's/^/# /' "$tmp/png.txt"
    if grep -qx "size $width $height" "$tmp/png.txt"; then
        ok "the screenshot is ${width}x$height"
    else
        not_ok "the screenshot is not ${width}x$height"
    fi
    nonwhite=$(awk '$1 == "nonwhite" { print $2 }' "$tmp/png.txt")
    if [ "$nonwhite" -gt $((width * height / 10)) ]; then
        ok "the screenshot is not blank ($nonwhite pixels not white)"
    else
        not_ok "the screenshot is nearly blank ($nonwhite pixels not white)"
    fi
    if [ $# -ne 4 ]; then
        not_ok "the page has $# outcome colours, expected 4: $colours"
    fi
    for c in $colours; do
        count=$(awk -v c="${c#*=}" '$1 == c { print $2 }' "$tmp/png.txt")
        # A cell is at least 24 x 14 pixels: at least one of each outcome.
        if [ "${count:-0}" -ge 300 ]; then
            ok "cells drawn as ${c%=*} (${c#*=}): $count pixels"
        else
            not_ok "cells drawn as ${c%=*} (${c#*=}): ${count:-0} pixels"
        fi
    done
fi
echo "1..$n"
[ "$failed" -eq 0 ]

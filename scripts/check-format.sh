#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fails if a C file of the tree differs from the repo's .clang-format style,
# or shows the damage clang-format 14 does where no setting stops it:
#  - a stringified macro argument split around '-' (G_DEFINE_QUARK(a - b));
#  - a function-pointer declaration inside a function body read as an
#    expression: "bool (*fn)(Type * arg, GError * *errp)".  Declare such
#    pointers with a typedef'd function type instead.
set -eu
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h' |
        while read -r f; do [ -e "$f" ] && echo "$f"; done)
else
    files=$(find hw include sim tests tools -name '*.c' -o -name '*.h')
fi
if [ -z "$files" ]; then
    echo "check-format: no C file found" >&2
    exit 1
fi
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
    echo "check-format: run 'clang-format -i' on the files above" >&2
    exit 1
fi
# shellcheck disable=SC2086
damage=$( (grep -nE '(G_DEFINE_QUARK|G_STRINGIFY)\([^)]* - ' $files
    grep -nE '[A-Za-z_0-9]+ +\(\*[A-Za-z_0-9]+\)\([^)]*[A-Za-z_0-9] \* \*?[A-Za-z_]' $files |
        grep -vE ':[0-9]+: *return ') || true)
if [ -n "$damage" ]; then
    echo "$damage" >&2
    echo "check-format: formatter damage above (see scripts/check-format.sh)" >&2
    exit 1
fi
echo "check-format: $(echo $files | wc -w) files follow .clang-format"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fails if a C file of the tree differs from the repo's .clang-format style.
set -eu
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h')
else
    files=$(find hw include tests tools -name '*.c' -o -name '*.h')
fi
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
    echo "check-format: run 'clang-format -i' on the files above" >&2
    exit 1
fi
echo "check-format: $(echo $files | wc -w) files follow .clang-format"

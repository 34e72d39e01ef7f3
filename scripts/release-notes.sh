#!/usr/bin/env bash
# Prints the CHANGELOG.md section of a version (1.2.0), as the release's notes; fails when there
# is none. Both release jobs run it: the job that writes builds its notes itself rather than take
# a file from the job that ran package code.
#   scripts/release-notes.sh 1.2.0 [CHANGELOG.md]
set -euo pipefail
version="${1:?usage: release-notes.sh X.Y.Z [changelog]}"
changelog="${2:-CHANGELOG.md}"
notes="$(awk -v version="$version" '
  $0 ~ "^## \\[" version "\\]" { found = 1; next }
  found && /^## \[/ { exit }
  found { print }
' "$changelog")"
if [ -z "${notes//[[:space:]]/}" ]; then
  echo "$changelog has no section for $version" >&2
  exit 1
fi
printf '%s\n' "$notes"

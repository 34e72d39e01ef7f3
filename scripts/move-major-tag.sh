#!/usr/bin/env bash
# Moves the major tag (v1) to the release tag given (v1.2.0) and pushes it — only when that release
# is the highest vMAJOR.x.y there is: releasing v1.1.1 after v1.2.0 leaves v1 on v1.2.0. Safe to
# run again: a major tag already in place is left alone. The major tag goes to GITHUB_SHA, the
# commit the workflow verified, and only while the release tag still points there
# (tag-is-verified.sh). Runs no package code (the release job holds a write credential).
#   GITHUB_SHA=<verified commit> scripts/move-major-tag.sh v1.2.0 [remote]
set -euo pipefail
tag="${1:?usage: move-major-tag.sh vX.Y.Z [remote]}"
remote="${2:-origin}"
if ! [[ "$tag" =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]]; then
  echo "Not a release tag: $tag (want vX.Y.Z)" >&2
  exit 2
fi
major="v${BASH_REMATCH[1]}"
git fetch --quiet --force --tags "$remote"
bash "$(dirname "$0")/tag-is-verified.sh" "$tag" "$remote"
highest="$(git tag --list "$major.*.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)"
if [ "$highest" != "$tag" ]; then
  echo "$tag is not the highest $major release ($highest is): $major stays where it is."
  exit 0
fi
target="$GITHUB_SHA"
if [ "$(git rev-parse --quiet --verify "refs/tags/$major^{commit}" || true)" = "$target" ]; then
  echo "$major is already on $tag."
  exit 0
fi
git tag --force "$major" "$target"
git push --force --quiet "$remote" "refs/tags/$major"
echo "$major moved to $tag ($target)."

#!/usr/bin/env bash
# Fails unless the release tag (v1.2.0), as the remote has it now, points at GITHUB_SHA: the commit
# whose push started this workflow, the one its verify job tested. A tag moved since (force-pushed
# between the checkout and this step) is refused, so nothing is published or moved to a commit
# nobody verified. GITHUB_SHA, not github.event.after: for an annotated tag that is the tag object.
#   scripts/tag-is-verified.sh v1.2.0 [remote]
set -euo pipefail
tag="${1:?usage: tag-is-verified.sh vX.Y.Z [remote]}"
remote="${2:-origin}"
verified="${GITHUB_SHA:?GITHUB_SHA is not set: the commit this workflow verified is unknown}"
git fetch --quiet --force "$remote" "refs/tags/$tag:refs/tags/$tag"
now="$(git rev-parse --verify --quiet "refs/tags/$tag^{commit}" || true)"
if [ "$now" != "$verified" ]; then
  echo "::error title=Release refused::$tag points at ${now:-nothing} now, not at $verified, the commit this workflow verified: it was moved. Nothing is published or moved." >&2
  exit 1
fi

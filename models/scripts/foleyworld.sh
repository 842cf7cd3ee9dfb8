#!/usr/bin/env bash
# `npm run data:foleyworld -- --hours H --seed S --out DIR [--splits val,test]`: fetch the Debian packages and
# pack the reviewed recordings once (cache: $A2S_FOLEYWORLD_CACHE, default ~/.cache/action2sound/foleyworld),
# then build the long videos, clip index and contact sheets (models/foleyworld/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${A2S_FOLEYWORLD_CACHE:-$HOME/.cache/action2sound/foleyworld}
PACK="$CACHE/sources.npz"
if [ ! -f "$PACK" ]; then
  echo "foleyworld: no pack at $PACK; fetching the Debian packages (~2.4 GB once) and packing" >&2
  /usr/bin/python3 -m a2s_models.foleyworld.fetch --cache "$CACHE"
  /usr/bin/python3 -m a2s_models.foleyworld.pack --cache "$CACHE" --out "$PACK"
fi
exec /usr/bin/python3 -m a2s_models.foleyworld.build --pack "$PACK" "$@"

#!/usr/bin/env bash
# CPU continuation of a finished LDM (issue 7, session 3): cache the LDM's per-frame CNN features for fresh Foley World
# training clips on every core, then fine-tune everything after the frozen CNN, one single-thread process per model
# (AV-LDM and the no-audio-condition ablation, both from the same start and with the same data and steps), resumable.
# usage: INIT=runs/default_ckpt/ldm.pt PACK=... CACHE=/work/cache/fw-cnn CACHE_S=660 MINUTES=100 OUTD=runs/v9 \
#        models/scripts/cpu_finetune.sh        (rerun with the same OUTD to resume; the cache is kept once built)
# ABLATION=0 trains the main LDM alone (keep the ablation of INIT's folder); REAL_DEV=DIR logs real-clip figures at
# each validation (evaluation only); VAL_EVERY=N (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
INIT=${INIT:-runs/default_ckpt/ldm.pt}
PACK=${PACK:-/work/cache/foleyworld/sources.npz}
CACHE=${CACHE:-/work/cache/fw-cnn}
CACHE_S=${CACHE_S:-660}
MINUTES=${MINUTES:-100}
OUTD=${OUTD:-runs/v9}
BATCH=${BATCH:-32}
LR=${LR:-1.5e-4}
EMA=${EMA:-0.999}
CLASS_LOSS=${CLASS_LOSS:-0.1}
PY=${PYTHON:-/usr/bin/python3}
ABLATION=${ABLATION:-1}
VAL_EVERY=${VAL_EVERY:-1000}
real=()
[ -n "${REAL_DEV:-}" ] && real=(--real-dev "$REAL_DEV" --real-cond "${REAL_COND:-$PWD/bundles/default/conditions/low.wav}")
export PYTHONPATH=. PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1
mkdir -p "$OUTD"
if [ ! -f "$CACHE/cache.json" ]; then
  $PY -m a2s_models.train.cache --pack "$PACK" --out "$CACHE" --seconds "$CACHE_S" --procs "$(nproc)" --seed 2026 \
    --cnn-from "$PWD/$INIT"
fi
common=(--config configs/default.json --data "cache:$CACHE" --out "$OUTD" --init "$INIT" --device cpu --threads 1
        --workers 0 --batch "$BATCH" --lr "$LR" --ema "$EMA"
        --class-loss "$CLASS_LOSS" --minutes "$MINUTES" --ckpt-minutes 5 --resume)  # --resume: continue from OUTD/ckpt_* where they exist
$PY -m a2s_models.train.ldm "${common[@]}" --val-every "$VAL_EVERY" "${real[@]}" > "$OUTD/ldm.out" 2>&1 &
a=$!
if [ "$ABLATION" = 1 ]; then
  $PY -m a2s_models.train.ldm "${common[@]}" --no-audio-cond --name ldm_noaudio --val-every 0 > "$OUTD/ldm_noaudio.out" 2>&1 &
  wait $!
fi
wait $a
tail -n 2 "$OUTD"/log_ldm*.jsonl | cut -c1-400

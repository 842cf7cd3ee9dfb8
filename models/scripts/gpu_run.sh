#!/usr/bin/env bash
# Train LDM + no-audio-cond LDM + vocoder + AV-Sim (+ classifier) in parallel processes for a fixed wall-clock
# budget on one GPU, then write final checkpoints (model weights only, each <= 16 MB) to $OUT.
# usage: models/scripts/gpu_run.sh --minutes 8 [--data PACK|synthetic] [--config configs/default.json]
#        [--out DIR] [--workers 4] [--cpu] [--resume]   (--resume continues from DIR/ckpt_*.pt)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=8; DATA=synthetic; CONFIG=configs/default.json; DEST="${OUT:-runs/gpu}"; WORKERS=""; EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2;;
    --data) DATA="$2"; shift 2;;
    --config) CONFIG="$2"; shift 2;;
    --out) DEST="$2"; shift 2;;
    --workers) WORKERS="$2"; shift 2;;
    --cpu) EXTRA+=(--device cpu --threads 1); shift;;
    --resume) EXTRA+=(--resume); shift;;
    *) echo "unknown arg $1" >&2; exit 2;;
  esac
done
PY="${PYTHON:-python3}"
[ -x /usr/bin/python3 ] && [ -z "${PYTHON:-}" ] && ! python3 -c "import torch" 2>/dev/null && PY=/usr/bin/python3
NCPU=$(nproc)
if [ -z "$WORKERS" ]; then WORKERS=$(( NCPU >= 16 ? 4 : 0 )); fi
AMP=(); if $PY -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then AMP=(--amp); fi
mkdir -p "$DEST"
echo "gpu_run: minutes=$MINUTES data=$DATA config=$CONFIG out=$DEST workers=$WORKERS amp=${AMP[*]:-off}"
# small components finish earlier so the exporter has time; each process stops itself on its own budget
run() { local name="$1"; shift; "$PY" -m "$@" --config "$CONFIG" --data "$DATA" --out "$DEST" --minutes "$MINUTES" \
  "${AMP[@]}" "${EXTRA[@]}" > "$DEST/stdout_$name.txt" 2>&1 & echo $! > "$DEST/pid_$name"; }
run ldm a2s_models.train.ldm --workers "$WORKERS" --val-every 400
run ldm_noaudio a2s_models.train.ldm --no-audio-cond --name ldm_noaudio --workers "$WORKERS" --val-every 0
run vocoder a2s_models.train.vocoder --workers $(( WORKERS > 2 ? 2 : WORKERS ))
run avsim a2s_models.train.avsim --workers $(( WORKERS > 2 ? 3 : WORKERS ))
if [ "$DATA" != synthetic ] || [ "${CLASSIFIER:-1}" = 1 ]; then
  run classifier a2s_models.train.classifier --workers $(( WORKERS > 2 ? 1 : 0 )) --batch 64
fi
fail=0
for f in "$DEST"/pid_*; do pid=$(cat "$f"); wait "$pid" || { echo "FAILED: $f"; fail=1; }; rm -f "$f"; done
for f in "$DEST"/log_*.jsonl; do echo "== $f"; tail -n 3 "$f" | cut -c1-400; done
ls -la "$DEST"
exit $fail

#!/usr/bin/env bash
# The one prepared GPU run (issue 7): render a training cache from the Foley World pack on every core, then train
# LDM, no-audio-condition LDM, vocoder, AV-Sim and the eval classifier in parallel (models/scripts/gpu_run.sh),
# and copy the final weights (each < 16 MB) + a tarball of logs to $OUT.
# usage: PACK=... CACHE_S=120 TRAIN_MIN=5.5 [CONFIG=configs/default.json] [GPU_RUN_ARGS="--cpu"] models/scripts/gpu_full.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PACK=${PACK:-../.devcarry/sources.npz}
CACHE_S=${CACHE_S:-120}
TRAIN_MIN=${TRAIN_MIN:-5.5}
CONFIG=${CONFIG:-configs/default.json}
OUTD=${OUT:-/tmp/gpu_out}
RUND=${RUND:-/tmp/a2s_run}
PY=${PYTHON:-python3}
python3 -c "import torch" 2>/dev/null || PY=/usr/bin/python3
mkdir -p "$OUTD" "$RUND"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv
echo "cores: $(nproc)"; df -h /dev/shm /tmp | cat
$PY -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
shm_free=$(df -k --output=avail /dev/shm | tail -1)
CACHE=/tmp/fwcache; [ "${shm_free:-0}" -gt 50000000 ] && CACHE=/dev/shm/fwcache
rm -rf "$CACHE"
t0=$(date +%s)
PYTHONUNBUFFERED=1 $PY -m a2s_models.train.cache --pack "$PACK" --out "$CACHE" --seconds "$CACHE_S" --procs "$(nproc)" || exit 1
echo "cache done in $(( $(date +%s) - t0 )) s; $(du -sh "$CACHE" | cut -f1)"
PYTHON=$PY PYTHONUNBUFFERED=1 bash scripts/gpu_run.sh --minutes "$TRAIN_MIN" --data "cache:$CACHE" --config "$CONFIG" --out "$RUND" ${GPU_RUN_ARGS:-}
rc=$?
for f in "$RUND"/*.pt; do case "$(basename "$f")" in ckpt_*) ;; *) cp "$f" "$OUTD"/ ;; esac; done
tar czf "$OUTD/logs.tgz" -C "$RUND" --exclude='*.pt' . 
ls -la "$OUTD"
echo "total $(( $(date +%s) - t0 )) s, gpu_run rc=$rc"
exit $rc

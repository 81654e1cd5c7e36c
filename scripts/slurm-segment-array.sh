#!/usr/bin/env bash
#SBATCH --job-name=samtune-segment
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=samtune-%A_%a.log
#
# SAM Tune on a SLURM cluster: segments the images listed in a CSV (header, then file,x0,y0,x1,y1)
# with a job array. Task k of N takes rows k, k+N, k+2N, ... (row order of the CSV), writes
# OUT/masks/<name>_mask.png with `samtune segment`, and records each row in its own shard file
# OUT/shards/shard-<k>.csv (written atomically when the task ends). A merge step joins the shards
# into OUT/results.csv and fails if any image is missing or failed.
#
#   # build once first (the launcher would otherwise build in every task): mvn -B -DskipTests package
#   jid=$(sbatch --parsable --array=0-7 scripts/slurm-segment-array.sh segment IMAGES BOXES.csv OUT CHECKPOINT [samtune segment options...])
#   sbatch --dependency=afterany:$jid scripts/slurm-segment-array.sh merge BOXES.csv OUT
#
# Extra options go to `samtune segment`, e.g. --arch vit_b --device cpu --threads 4 --multimask.
# Environment: SAMTUNE = launcher (default: scripts/samtune next to this script or in the submit
# directory). Outside SLURM, set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT by hand.
set -euo pipefail

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

launcher() {
  if [ -n "${SAMTUNE:-}" ]; then echo "$SAMTUNE"; return; fi
  # sbatch runs a copy of this script from a spool folder: look next to it, then in the submit folder
  for c in "$(dirname "$0")/samtune" "${SLURM_SUBMIT_DIR:-.}/scripts/samtune"; do
    if [ -x "$c" ]; then echo "$c"; return; fi
  done
  echo "samtune launcher not found: set SAMTUNE=/path/to/scripts/samtune" >&2
  exit 2
}

# data rows of the CSV (header and blank lines dropped, CR removed)
rows() {
  tr -d '\r' < "$1" | awk -F, 'NF && $1 != "file"'
}

segment() {
  [ $# -ge 4 ] || usage
  local images=$1 csv=$2 out=$3 checkpoint=$4
  shift 4
  local task=${SLURM_ARRAY_TASK_ID:?SLURM_ARRAY_TASK_ID is not set (submit with sbatch --array)}
  local count=${SLURM_ARRAY_TASK_COUNT:-}
  if [ -z "$count" ]; then
    count=$(( ${SLURM_ARRAY_TASK_MAX:?} - ${SLURM_ARRAY_TASK_MIN:-0} + 1 ))
  fi
  local index=$(( task - ${SLURM_ARRAY_TASK_MIN:-0} ))
  local samtune
  samtune=$(launcher)
  mkdir -p "$out/masks" "$out/shards"
  local shard="$out/shards/shard-$index.csv"
  local part="$shard.part"
  echo "file,mask,status,iou,area" > "$part"
  local n=0
  while IFS=, read -r file x0 y0 x1 y1; do
    file=$(echo "$file" | xargs)
    local base=${file%.*}
    local mask="masks/${base}_mask.png"
    local log status iou area
    if log=$("$samtune" segment --checkpoint "$checkpoint" --image "$images/$file" \
          --box "$(echo "$x0,$y0,$x1,$y1" | tr -d ' ')" --output "$out/$mask" "$@" 2>&1 < /dev/null); then
      status=ok
      iou=$(echo "$log" | sed -n 's/.*predicted IoU \([-0-9.]*\).*/\1/p' | head -n 1)
      area=$(echo "$log" | sed -n 's/.*area \([0-9]*\) px.*/\1/p' | head -n 1)
    else
      status=failed iou= area=
      echo "$file failed:" >&2
      echo "$log" >&2
    fi
    echo "$file,$mask,$status,$iou,$area" >> "$part"
    n=$((n + 1))
  done < <(rows "$csv" | awk -v k="$index" -v n="$count" '(NR - 1) % n == k')
  mv -f "$part" "$shard"
  echo "shard $index of $count: $n image(s) -> $shard"
}

merge() {
  [ $# -eq 2 ] || usage
  local csv=$1 out=$2
  local merged="$out/results.csv"
  {
    echo "file,mask,status,iou,area"
    for s in "$out"/shards/shard-*.csv; do
      [ -e "$s" ] && tail -n +2 "$s"
    done | sort -t, -k1,1
  } > "$merged.part"
  mv -f "$merged.part" "$merged"
  local missing=0 failed=0 file
  while IFS=, read -r file _; do
    file=$(echo "$file" | xargs)
    if ! awk -F, -v f="$file" '$1 == f { found = 1 } END { exit !found }' "$merged"; then
      echo "missing: $file" >&2
      missing=$((missing + 1))
    fi
  done < <(rows "$csv")
  failed=$(awk -F, 'NR > 1 && $3 != "ok"' "$merged" | wc -l)
  echo "merged $(( $(wc -l < "$merged") - 1 )) row(s) into $merged; missing $missing, failed $failed"
  [ "$missing" -eq 0 ] && [ "$failed" -eq 0 ]
}

case "${1:-}" in
  segment) shift; segment "$@" ;;
  merge) shift; merge "$@" ;;
  *) usage ;;
esac

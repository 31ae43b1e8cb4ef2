#!/usr/bin/env bash
# Behaviour snapshot of two commits of provenance: build both, run clean/trace on the shared
# data, hash and compare every output.
#
#   bash /work/snap/snapshot.sh BEFORE_COMMIT AFTER_COMMIT
#
# Environment (defaults): REPO=/work/main  SNAP=/work/snap  VENV=/work/venv
#   DATA=/work/shared/data  KEEP_WORKTREES=0 (1: leave the worktrees registered)
#
# Never writes to $REPO's files: the trees are detached `git worktree`s under $SNAP (only
# their registration lives in $REPO/.git, and is removed at the end unless KEEP_WORKTREES=1).
#
# Isolation: every run is `cd $SNAP/<tree> && PYTHONPATH=$SNAP/<tree>:$SNAP/deps python
# cli_guard.py <tree> <modules.json> ...` (what the venv's `provenance` console script runs;
# `python -m provenance` does not work: the package has no __main__). The venv's editable install of $REPO maps `provenance.models` and
# `provenance.fixtures` to $REPO/models and $REPO/fixtures through a meta-path finder that
# runs after the normal path finder; so each tree gets symlinks provenance/models ->
# ../models and provenance/fixtures -> ../fixtures (what a real install lays out), found
# first, and check_compiled.py fails the run unless provenance, its models, fixtures and
# every compiled extension come from that tree and every compiled path passed its probe.
# A tree that needs skops (the .skops model format) gets it from $SNAP/deps
# (pip install --target, so the shared venv is not changed).
# Each run goes through cli_guard.py (the console script's main, and at exit a check of where
# every provenance module was loaded from: out/modules/*.json). Runs are sequential with
# --workers 1.
set -uo pipefail

BEFORE=${1:?usage: snapshot.sh BEFORE_COMMIT AFTER_COMMIT}
AFTER=${2:?usage: snapshot.sh BEFORE_COMMIT AFTER_COMMIT}
REPO=${REPO:-/work/main}
SNAP=${SNAP:-/work/snap}
VENV=${VENV:-/work/venv}
DATA=${DATA:-/work/shared/data}
KEEP_WORKTREES=${KEEP_WORKTREES:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$SNAP/out
LOGS=$SNAP/logs
CMDS=$OUT/commands.sh

# shellcheck disable=SC1091
. "$VENV/bin/activate"
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$SNAP" "$LOGS"
rm -rf "$OUT"; mkdir -p "$OUT/before" "$OUT/after" "$OUT/modules"
echo "# commands run by snapshot.sh $BEFORE $AFTER on $(date -u +%FT%TZ)" > "$CMDS"
FAILED=0

log() { echo "[snapshot] $*" >&2; }
record() { printf '%s\n' "$*" >> "$CMDS"; }

# ---- worktrees -------------------------------------------------------------------------
for side in before after; do
  commit=$BEFORE; [ "$side" = after ] && commit=$AFTER
  tree=$SNAP/$side
  if git -C "$REPO" worktree list --porcelain | grep -qx "worktree $tree"; then
    git -C "$REPO" worktree remove --force "$tree"
  fi
  rm -rf "$tree"
  record "git -C $REPO worktree add --detach $tree $commit"
  git -C "$REPO" worktree add --detach "$tree" "$commit" >&2 || exit 2
  echo "$side $(git -C "$tree" rev-parse HEAD)" >> "$OUT/commits.txt"
  record "ln -sfn ../models $tree/provenance/models; ln -sfn ../fixtures $tree/provenance/fixtures"
  ln -sfn ../models "$tree/provenance/models"
  ln -sfn ../fixtures "$tree/provenance/fixtures"
done

# ---- skops for trees whose models are .skops ---------------------------------------------
if grep -q '"skops' "$SNAP/before/pyproject.toml" "$SNAP/after/pyproject.toml" 2>/dev/null \
   && ! PYTHONPATH=$SNAP/deps python -c "import skops.io" 2>/dev/null; then
  record "pip install --no-deps --target $SNAP/deps skops prettytable wcwidth"
  pip install --no-deps --target "$SNAP/deps" skops prettytable wcwidth >&2 || exit 2
fi
mkdir -p "$SNAP/deps"

# ---- build and check ----------------------------------------------------------------------
for side in before after; do
  tree=$SNAP/$side
  record "cd $tree && python setup.py build_ext --inplace"
  (cd "$tree" && python setup.py build_ext --inplace) > "$LOGS/build_$side.log" 2>&1 \
    || { log "build of $side failed, see $LOGS/build_$side.log"; exit 2; }
  record "cd $tree && PYTHONPATH=$tree:$SNAP/deps python $HERE/check_compiled.py $tree"
  (cd "$tree" && PYTHONPATH=$tree:$SNAP/deps python "$HERE/check_compiled.py" "$tree") \
    > "$OUT/compiled_$side.json" 2> "$LOGS/compiled_$side.err" \
    || { log "$side: not isolated or not compiled, see $OUT/compiled_$side.json"; exit 2; }
  (cd "$tree" && PYTHONPATH=$tree:$SNAP/deps provenance clean --help) > "$LOGS/clean_help_$side.txt"
  (cd "$tree" && PYTHONPATH=$tree:$SNAP/deps provenance trace --help) > "$LOGS/trace_help_$side.txt"
done

# ---- runs ---------------------------------------------------------------------------------
run() {  # run SIDE NAME ARGS...: provenance ARGS in that tree, stderr to logs
  local side=$1 name=$2; shift 2
  local tree=$SNAP/$side
  # cli_guard.py = the provenance console script, plus a record of where each provenance
  # module (and the models folder) was loaded from; exit 3 if any is outside the tree
  record "cd $tree && PYTHONPATH=$tree:$SNAP/deps python $HERE/cli_guard.py $tree $OUT/modules/${side}_$name.json $*"
  (cd "$tree" && PYTHONPATH=$tree:$SNAP/deps python "$HERE/cli_guard.py" "$tree" "$OUT/modules/${side}_$name.json" "$@") \
    2> "$LOGS/${side}_$name.err"
  local rc=$?
  echo "$side $name rc=$rc" >> "$OUT/exit_codes.txt"
  [ $rc -eq 0 ] || { log "$side $name exited $rc (see $LOGS/${side}_$name.err)"; FAILED=1; }
}

# the option that reads pages as plain text: one name in both trees when there is one
text_opt() { grep -oE -- '--(source|kind) \[auto\|html\|text\]' "$LOGS/clean_help_$1.txt" | head -1 | cut -d' ' -f1; }
TOPT_B=$(text_opt before); TOPT_A=$(text_opt after)
echo "text-source option: before=$TOPT_B after=$TOPT_A" > "$OUT/text_option.txt"
[ "$TOPT_B" = "$TOPT_A" ] || echo "NOTE: renamed between the trees; the text runs use each tree's own name" >> "$OUT/text_option.txt"

COMMON=(--workers 1 -q)
# the two trees' runs go side by side, one process each (a machine of two cores or more)
run_side() {
  local side=$1 topt o set in corpus
  topt=$TOPT_B; [ "$side" = after ] && topt=$TOPT_A
  o=$OUT/$side
  for set in wcxb-dev trafilatura-eval; do
    in=$DATA/boilerplate/$set/html
    run "$side" "clean_$set" clean "$in" -o "$o/clean_$set.jsonl" "${COMMON[@]}"
    run "$side" "clean_${set}_blocks" clean "$in" --blocks -o "$o/clean_${set}_blocks.jsonl" "${COMMON[@]}"
    if [ -n "$topt" ]; then
      run "$side" "clean_${set}_text" clean "$in" "$topt" text -o "$o/clean_${set}_text.jsonl" "${COMMON[@]}"
    fi
  done
  for corpus in wirebench-dev wirebench-dev-hard clough-short-answers; do
    run "$side" "trace_$corpus" trace "$DATA/provenance/$corpus/docs.jsonl" -o "$o/trace_$corpus.jsonl" \
      --groups "$o/trace_$corpus.groups.json" --report "$o/trace_$corpus.report.html" "${COMMON[@]}"
  done
}
run_side before &
run_side after &
wait
grep -qv ' rc=0$' "$OUT/exit_codes.txt" && FAILED=1

# ---- compare --------------------------------------------------------------------------------
# the only fields ignored: the wall-clock seconds of trace's stages (time.perf_counter), in the
# "stats" of --groups and the stats table of --report
TIMING=(--timing-key clean_s --timing-key signatures_s --timing-key candidates_s
        --timing-key alignment_s --timing-key groups_s)
record "python $HERE/compare.py $OUT/before $OUT/after $OUT/compare.json ${TIMING[*]}"
python "$HERE/compare.py" "$OUT/before" "$OUT/after" "$OUT/compare.json" "${TIMING[@]}" | tee "$OUT/compare.txt"
SAME=${PIPESTATUS[0]}
mkdir -p "$OUT/diffs"
for f in "$OUT"/before/*; do
  n=$(basename "$f")
  cmp -s "$f" "$OUT/after/$n" || diff -u "$f" "$OUT/after/$n" > "$OUT/diffs/$n.diff"
done
(cd "$OUT" && sha256sum before/* after/*) > "$OUT/SHA256SUMS"

# ---- clean up -----------------------------------------------------------------------------
if [ "$KEEP_WORKTREES" != 1 ]; then
  for side in before after; do
    record "git -C $REPO worktree remove --force $SNAP/$side"
    git -C "$REPO" worktree remove --force "$SNAP/$side"
  done
fi
log "outputs identical (ignoring trace stage timings): $([ "$SAME" = 0 ] && echo yes || echo NO); a run failed: $([ $FAILED = 0 ] && echo no || echo YES)"
[ "$SAME" = 0 ] && [ $FAILED = 0 ]

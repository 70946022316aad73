#!/usr/bin/env bash
# Run one fuzz target (tests/fuzz/CMakeLists.txt, docs/fuzzing.md).
#
#   run_fuzz.sh [--fresh] BINARY CORPUS WORKDIR [libFuzzer options...]
#
# CORPUS (the seeds in the tree) is only read.  New inputs go to WORKDIR/new,
# which later runs start from (--fresh empties it first: ctest's runs are
# then the same every time); a crash, leak or failed check is written to
# WORKDIR/crashes/ and ends the run with libFuzzer's non-zero status.
set -euo pipefail

fresh=0
if [[ ${1:-} == --fresh ]]; then
	fresh=1
	shift
fi
if [[ $# -lt 3 ]]; then
	echo "usage: run_fuzz.sh [--fresh] BINARY CORPUS WORKDIR [options...]" >&2
	exit 2
fi
bin=$1 corpus=$2 work=$3
shift 3
[[ -x $bin ]] || { echo "run_fuzz.sh: $bin: not built" >&2; exit 1; }
[[ -d $corpus ]] || { echo "run_fuzz.sh: $corpus: no corpus" >&2; exit 1; }
if [[ $fresh -eq 1 ]]; then
	rm -rf "$work/new"
fi
mkdir -p "$work/new" "$work/crashes"
# Longest input worth trying: a mode byte and 15 instruction bytes (and a
# prefix run past them); RAM's first pages with an instruction across two.
case $(basename "$bin") in
fuzz_insn) max_len=32 ;;
fuzz_mmio) max_len=8192 ;;
*) max_len=4096 ;;
esac
exec "$bin" -artifact_prefix="$work/crashes/" -print_final_stats=1 \
	-max_len=$max_len "$@" "$work/new" "$corpus"

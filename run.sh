#!/usr/bin/env bash
# liminal's one entry point: set-up, build, demo, tests, benchmark.
# usage() below is what ./run.sh --help prints; docs/ has the details.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
JOBS=$(nproc 2>/dev/null || echo 2)

die() { echo "run.sh: $*" >&2; exit 1; }

usage() {
	cat <<'EOF'
usage: ./run.sh [COMMAND] [OPTIONS]

commands:
  (none)    install missing Debian packages, build, boot the demo guests,
            print the round-trip table
  test      the whole test suite: debug, release and floor builds, ctest
            in debug and release (what CI runs)
  bench     the round-trip benchmark only; JSON in build/bench/
  boot      boot once with a config of your own (see --config)
  format    clang-format -i on every tracked C file
  fuzz [SECONDS]  fuzz each host-side parser SECONDS (default 60) from its
            corpus; crashes in build/debug/tests/fuzz/run/ (docs/fuzzing.md)

options:
  --platform P   where to run: kvm, qemu or bochs.  Default: kvm when
                 /dev/kvm works and the host CPU has vmx or svm, else qemu
                 (QEMU's emulator, SVM backend); bochs runs the VMX backend
                 under Bochs
  --debug        boot: boot the debug build (every ordering rule checked)
  --config FILE  boot: FILE is the \liminal.cfg of the run
  -h, --help     print this text and exit

Platforms, timings and the guest boundary: README.md and docs/.
EOF
}

best_platform() {
	if [[ -r /dev/kvm && -w /dev/kvm ]] &&
	   grep -qwE 'vmx|svm' /proc/cpuinfo 2>/dev/null; then
		echo kvm
	else
		echo qemu
	fi
}

build() { # preset...
	for preset in "$@"; do
		cmake --preset "$preset" >/dev/null
		cmake --build --preset "$preset" -j "$JOBS" >/dev/null ||
			cmake --build --preset "$preset" -j 1
	done
}

cmd=main
case "${1:-}" in
test | bench | boot | format) cmd=$1; shift ;;
fuzz)
	cmd=fuzz fuzz_seconds=60
	shift
	if [[ ${1:-} =~ ^[1-9][0-9]*$ ]]; then
		fuzz_seconds=$1
		shift
	fi
	;;
esac

platform=""
config=""
preset=release
while [[ $# -gt 0 ]]; do
	case "$1" in
	--platform) platform=${2:?--platform needs kvm, qemu or bochs}; shift 2 ;;
	--platform=*) platform=${1#*=}; shift ;;
	--config) config=${2:?}; shift 2 ;;
	--debug) preset=debug; shift ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown argument '$1' (see ./run.sh --help)" ;;
	esac
done
[[ -z "$platform" ]] && platform=$(best_platform)
case "$platform" in
kvm | qemu | bochs) ;;
*) die "unknown platform '$platform' (kvm, qemu or bochs)" ;;
esac

./scripts/deps.sh

case "$cmd" in
format)
	git ls-files '*.c' '*.h' | xargs clang-format -i
	;;
test)
	build debug release floor
	for preset in debug release; do
		echo "== ctest ($preset)"
		ctest --preset "$preset" -j "$JOBS"
	done
	echo "run.sh test: all tests passed"
	;;
bench)
	build release floor debug
	exec python3 scripts/bench.py --platform "$platform" \
		--build build/release --floor build/floor --debug build/debug
	;;
boot)
	build "$preset"
	exec python3 scripts/demo.py --platform "$platform" \
		--build "build/$preset" --no-bench ${config:+--config "$config"}
	;;
fuzz)
	build debug
	dir=build/debug/tests/fuzz
	[[ -x $dir/clang/fuzz_config ]] ||
		die "no fuzz targets in $dir: clang's libFuzzer is missing (scripts/deps.sh installs clang and libclang-rt-dev)"
	mkdir -p "$dir/run"
	for t in config image insn mmio; do
		echo "== fuzz_$t: ${fuzz_seconds} s"
		log=$dir/run/$t.log
		if ! tests/fuzz/run_fuzz.sh "$dir/clang/fuzz_$t" \
			"tests/fuzz/corpus/$t" "$dir/run/$t" \
			-max_total_time="$fuzz_seconds" >"$log" 2>&1; then
			grep -E 'check failed|ERROR|SUMMARY|Test unit' "$log" >&2
			die "fuzz_$t failed (log: $log); the input is in $dir/run/$t/crashes/ (docs/fuzzing.md)"
		fi
		grep -E '^Done' "$log" || true
	done
	echo "run.sh fuzz: no crash; new inputs in $dir/run/*/new/"
	;;
main)
	# The demo boots the debug build (every ordering rule checked, the
	# violation count printed); the table measures release and floor.
	build debug release floor
	exec python3 scripts/demo.py --platform "$platform" \
		--build build/debug --bench-build build/release \
		--floor build/floor
	;;
esac

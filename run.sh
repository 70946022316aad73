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
  bench     the round-trip benchmark only; JSON in build/bench/, and
            build/bench/report.svg and .png drawn from it
  boot      boot once with a config of your own (see --config)
  format    clang-format -i on every tracked C file

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
	python3 scripts/bench.py --platform "$platform" \
		--build build/release --floor build/floor --debug build/debug
	# every platform measured so far; Debian's python3 has the
	# python3-matplotlib deps.sh installs
	exec /usr/bin/python3 scripts/plot_report.py build/bench/*.json
	;;
boot)
	build "$preset"
	exec python3 scripts/demo.py --platform "$platform" \
		--build "build/$preset" --no-bench ${config:+--config "$config"}
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

#!/usr/bin/env bash
# liminal's one entry point: set-up, build, demo, tests, benchmark.
# usage() below is what ./run.sh --help prints; docs/ has the details.
set -euo pipefail
CALLER_PWD=$PWD # a relative --config is the caller's
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
  fuzz [SECONDS]  fuzz each host-side parser SECONDS (default 60) from its
            corpus; crashes in build/debug/tests/fuzz/run/ (docs/fuzzing.md)

options:
  --platform P   where to run: kvm, qemu or bochs.  Default: kvm when
                 /dev/kvm works and the host CPU has vmx or svm, else qemu
                 (QEMU's emulator, SVM backend); bochs runs the VMX backend
                 under Bochs.  A platform that cannot run here (no usable
                 KVM, emulator not installed) stops run.sh with one line
                 saying why, before anything is built
  --debug        boot: boot the debug build (every ordering rule checked)
  --config FILE  boot: FILE is the \liminal.cfg of the run
  -h, --help     print this text and exit

Platforms, timings and the guest boundary: README.md and docs/.
EOF
}

build() { # preset...
	for preset in "$@"; do
		cmake --preset "$preset" >/dev/null ||
			die "cmake --preset $preset failed (its errors are above)"
		cmake --build --preset "$preset" -j "$JOBS" >/dev/null ||
			cmake --build --preset "$preset" -j 1 ||
			die "the $preset build failed (its errors are above)"
	done
}

# The front door: every mistake ends here with one line saying what is wrong
# and what to do, before anything is installed, built or booted.
value() { # OPTION VALUE: VALUE, or die if it is missing
	[[ -n "${2:-}" && "${2:-}" != -* ]] ||
		die "$1 needs a value (see ./run.sh --help)"
	echo "$2"
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
-* | "") ;;
*) die "unknown command '$1' (see ./run.sh --help)" ;;
esac

platform=""
config=""
preset=release
while [[ $# -gt 0 ]]; do
	case "$1" in
	--platform) platform=$(value "$@"); shift 2 ;;
	--platform=*) platform=$(value --platform "${1#*=}"); shift ;;
	--config) config=$(value "$@"); shift 2 ;;
	--config=*) config=$(value --config "${1#*=}"); shift ;;
	--debug) preset=debug; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) die "unknown option '$1' (see ./run.sh --help)" ;;
	*) die "unexpected argument '$1' (see ./run.sh --help)" ;;
	esac
done
case "$platform" in
"" | kvm | qemu | bochs) ;;
*) die "unknown platform '$platform' (kvm, qemu or bochs)" ;;
esac
if [[ $cmd != boot && ( -n "$config" || $preset == debug ) ]]; then
	die "--config and --debug are options of ./run.sh boot"
fi
if [[ -n "$config" ]]; then
	[[ "$config" == /* ]] || config=$CALLER_PWD/$config
	[[ -e "$config" ]] || die "--config $config: no such file"
	[[ -f "$config" && -r "$config" ]] ||
		die "--config $config: not a readable file"
fi

./scripts/deps.sh

# The platform, picked or named, must be able to boot here (KVM usable,
# emulator and firmware installed: scripts/boot.py --check), before the
# builds; the boot itself has a watchdog for a VMM that never starts.
if [[ $cmd == main || $cmd == bench || $cmd == boot ]]; then
	[[ -n "$platform" ]] || platform=$(python3 scripts/boot.py --best-platform)
	problem=$(python3 scripts/boot.py --platform "$platform" --check 2>&1) ||
		die "${problem#boot.py: }"
fi

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

#!/usr/bin/env bash
# Install every Debian package liminal needs that is missing.  As root it runs
# apt-get; otherwise it prints the exact command to run.  Idempotent and quiet
# when everything is already present.
set -euo pipefail

PKGS=(
	# build
	build-essential cmake nasm gnu-efi binutils pkg-config clang-format
	# ESP images
	mtools dosfstools
	# emulators and firmware
	qemu-system-x86 ovmf bochs bochsbios bochs-term seabios
	# host unit tests
	libcmocka-dev
	# fuzz targets (tests/fuzz): clang and its libFuzzer runtime
	clang libclang-rt-dev
	# the noinstr checker (tools/objtool)
	libelf-dev libdw-dev libcapstone-dev
	# scripts; the benchmark's pictures (scripts/plot_*.py)
	python3 python3-matplotlib
)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ "$st" == "install ok installed" ]] || missing+=("$p")
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "liminal: missing Debian packages; as root run:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "liminal: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# shellcheck shell=bash
# Sourced by the README's commands: makes sure the Debian packages corelink needs are installed.
# As root it installs what is missing; otherwise it prints the exact apt-get line and stops.
# The lint tools (clang-format, shellcheck) are installed the same way as root; without root a
# missing one is reported and its test skips, rather than stopping the build.
# tshark and tcpdump read back the pcap traces in the tests (docs/traces.md).
CORELINK_PACKAGES="cmake ninja-build g++ libboost-program-options-dev libfmt-dev catch2 gnuplot-nox parallel tshark tcpdump"
CORELINK_LINT_PACKAGES="clang-format shellcheck"

corelink_missing_packages() {  # "PACKAGE PACKAGE ..."
    local missing=() pkgs p
    read -r -a pkgs <<<"$1"
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    echo "${missing[@]}"
}

corelink_ensure_deps() {
    local missing lint
    read -r -a missing <<<"$(corelink_missing_packages "$CORELINK_PACKAGES")"
    read -r -a lint <<<"$(corelink_missing_packages "$CORELINK_LINT_PACKAGES")"
    if [ "$(id -u)" = 0 ]; then
        missing+=("${lint[@]}")
        [ "${#missing[@]}" = 0 ] && return 0
        echo "corelink: installing missing Debian packages: ${missing[*]}" >&2
        if ! { apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; }; then
            echo "corelink: apt-get install failed" >&2
            exit 1
        fi
        return 0
    fi
    if [ "${#lint[@]}" -gt 0 ]; then
        echo "corelink: note: lint tools missing, their tests will be skipped. Run as root:" >&2
        echo "  apt-get install -y ${lint[*]}" >&2
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "corelink: missing Debian packages. Run as root:" >&2
        echo "  apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

# Configures and builds into $1 (default build/) with extra CMake arguments after it.
corelink_build() {
    local dir=${1:-build}
    shift || true
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    ninja -C "$dir" -j "$(nproc)"
}

# Sourced by the README's commands: makes sure the Debian packages corelink needs are installed.
# As root it installs what is missing; otherwise it prints the exact apt-get line and stops.
# tshark and tcpdump read back the pcap traces in the tests (docs/traces.md).
CORELINK_PACKAGES="cmake ninja-build g++ libboost-program-options-dev libfmt-dev catch2 gnuplot-nox parallel tshark tcpdump"

corelink_missing_packages() {
    local missing=()
    for p in $CORELINK_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    echo "${missing[@]}"
}

corelink_ensure_deps() {
    local missing
    missing=$(corelink_missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "corelink: installing missing Debian packages: $missing" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 \
            || { echo "corelink: apt-get install failed" >&2; exit 1; }
    else
        echo "corelink: missing Debian packages. Run as root:" >&2
        echo "  apt-get install -y $missing" >&2
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

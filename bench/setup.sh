#!/bin/sh
# Installs what bench/peers.py needs on a Debian machine: the loopback origin (nginx and its echo module;
# openssl for the throwaway test CA), the peers (curl, wget2, aria2c, the lesson's Python with aiohttp and
# aiofiles) and the measuring tools (hyperfine, GNU time). It installs only what is missing, so running it
# again changes nothing, and a machine that has everything needs no network.
#
#   sh bench/setup.sh            install what is missing (as root, or through sudo)
#   sh bench/setup.sh --check    only say what is missing, and exit 1 if anything is
#
# PYTHON names the interpreter that runs the lesson (default: python3), as it does for bench/peers.py.
set -eu

py=${PYTHON:-python3}
packages=""
missing=""

# need PROGRAM-OR-FILE DEBIAN-PACKAGE
need() {
    case $1 in
        /*) [ -e "$1" ] ;;
        *) command -v "$1" >/dev/null 2>&1 ;;
    esac && return 0
    packages="$packages $2"
    missing="$missing $1"
}

need nginx nginx
need /usr/lib/nginx/modules/ngx_http_echo_module.so libnginx-mod-http-echo
need openssl openssl
need hyperfine hyperfine
need /usr/bin/time time
need curl curl
need wget2 wget2
need aria2c aria2
command -v cargo >/dev/null 2>&1 || missing="$missing cargo"

# The lesson's libraries, for the interpreter that will run it. Debian's own Python refuses pip installs
# into itself (PEP 668, "externally managed"): its libraries come from apt. Any other Python (pyenv, a
# virtualenv) gets them from pip.
pip=false
if ! "$py" -c 'import aiohttp, aiofiles' 2>/dev/null; then
    missing="$missing aiohttp+aiofiles(for $py)"
    if ! command -v "$py" >/dev/null 2>&1; then
        packages="$packages python3 python3-aiohttp python3-aiofiles"
    elif [ "$("$py" -c 'import sys; print(sys.prefix)')" = /usr ]; then
        packages="$packages python3-aiohttp python3-aiofiles"
    else
        pip=true
    fi
fi

if [ -z "$missing" ]; then
    [ "${1:-}" = --check ] || echo "bench: tools ready"
    exit 0
fi
if [ "${1:-}" = --check ]; then
    echo "bench: missing:$missing; install with: sh bench/setup.sh" >&2
    exit 1
fi
case $missing in
    *" cargo"*) echo "bench: cargo is missing (https://rustup.rs); it builds catfetch and the tokio peer" >&2; exit 1 ;;
esac

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
if [ -n "$packages" ]; then
    echo "bench: installing$packages"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
if $pip; then
    echo "bench: installing aiohttp aiofiles for $py"
    "$py" -m pip install -q aiohttp aiofiles
fi
echo "bench: tools ready"

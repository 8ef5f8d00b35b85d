#!/usr/bin/env bash
# Installs what is missing, and only that: the wasm32 target, wasm-bindgen-cli at the exact
# version in Cargo.lock, the npm packages, (with "browser") Debian's chromium, and (with
# "python") python3, which runs the Python student nodes of examples/nodes/ in the tests.
# Usage: scripts/setup.sh [rust] [npm] [browser] [python]   (no argument: rust and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
wants=${*:-rust npm}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if [[ " $wants " == *" rust "* ]]; then
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first (https://rustup.rs)"; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [[ "$have" != "$want" ]]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
    cargo install wasm-bindgen-cli --version "$want"
  fi
fi

if [[ " $wants " == *" npm "* ]]; then
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund
  fi
fi

if [[ " $wants " == *" browser "* ]]; then
  browser=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [[ ! -x "$browser" ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      say "installing Debian's chromium for the end-to-end tests"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "The end-to-end tests need Chromium. Install it (Debian: sudo apt-get install chromium)"
      echo "or point CHROMIUM_PATH at a Chromium or Chrome executable."
      exit 1
    fi
  fi
fi

if [[ " $wants " == *" python "* ]] && ! command -v python3 >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing python3 for the Python student nodes of examples/nodes/"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
  else
    echo "The tests run the Python student nodes of examples/nodes/: install python3."
    exit 1
  fi
fi

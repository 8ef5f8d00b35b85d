#!/usr/bin/env bash
# Builds the simulator to WebAssembly for the web worker, into www/src/wasm/pkg/.
# Usage: scripts/build-wasm.sh [dev|release]   release also runs wasm-opt -Oz (npm binaryen).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-release}
cargo build -p paxos-wasm --target wasm32-unknown-unknown --profile wasm
out=www/src/wasm/pkg
rm -rf "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name paxos target/wasm32-unknown-unknown/wasm/paxos_wasm.wasm
if [[ "$mode" == release ]]; then
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/paxos_bg.wasm" -o "$out/paxos_bg.wasm"
fi
printf '[wasm] %s: %s bytes\n' "$mode" "$(wc -c < "$out/paxos_bg.wasm")"

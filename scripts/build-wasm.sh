#!/usr/bin/env bash
# Builds the simulator to WebAssembly for the web workers:
#   www/src/wasm/pkg/           the Basic Paxos page's first load: no laboratory, no
#                               Multi-Paxos, no classroom;
#   www/src/wasm/pkg-lab/       the same with the laboratory (feature "lab": time travel, the
#                               manual network, partitions and links, scripted scenarios),
#                               which the page's worker switches to when the first build
#                               answers `later` (www/src/core/serve.ts);
#   www/src/wasm/pkg-classroom/ the laboratory with exercises and the model checker (feature
#                               "classroom"), which the page's worker switches to when first
#                               asked for one of them (www/src/basic/worker.ts);
#   www/src/wasm/pkg-node/      the classroom build with a student's own node (feature
#                               "node"), in a worker of its own (www/src/classroom/node-worker.ts);
#   www/src/wasm/pkg-multi/     the Multi-Paxos view (feature "multi");
#   www/src/wasm/pkg-multi-check/ the same with its model checker (feature "multi-check"),
#                               which the view's worker switches to on the first check.
# Usage: scripts/build-wasm.sh [dev|release]   release also runs wasm-opt (npm binaryen):
# -Oz, and for the first load's build -Os --converge (smaller once gzipped: see OPT below).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-release}
build() { # build OUT-DIR NAME [cargo features...]; OPT: wasm-opt's level (default -Oz)
  local out=$1 name=$2 opt=${OPT:--Oz}
  shift 2
  cargo build -p paxos-wasm --target wasm32-unknown-unknown --profile wasm "$@"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" target/wasm32-unknown-unknown/wasm/paxos_wasm.wasm
  if [[ "$mode" == release ]]; then
    # --low-memory-unused: wasm-opt may fold constant offsets into loads and stores when
    # the first 1 KB of memory is never used. Rust puts the 1 MB stack first, growing down
    # towards 0, and its data after it (at 1 MB): the first KB is the stack's last. 0.5 KB
    # less gzipped.
    node_modules/.bin/wasm-opt $opt --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  fi
  printf '[wasm] %s %s: %s bytes\n' "$mode" "$name" "$(wc -c < "$out/${name}_bg.wasm")"
}
# The first load's build: -Os --converge is 131.8 KB raw and 58,111 B gzipped (-9) where -Oz
# is 130.7 KB and 58,574 B; for the larger builds -Oz stays smaller gzipped (measured on
# the Multi-Paxos build: 124,135 B against 124,592 B).
OPT="-Os --converge" build www/src/wasm/pkg paxos
build www/src/wasm/pkg-lab paxos_lab --features lab
build www/src/wasm/pkg-classroom paxos_classroom --features classroom
build www/src/wasm/pkg-node paxos_node --features node
build www/src/wasm/pkg-multi paxos_multi --features multi
build www/src/wasm/pkg-multi-check paxos_multi_check --features multi-check

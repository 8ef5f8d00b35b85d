#!/usr/bin/env bash
# Every test of the project (the README's `npm test`): Rust formatting, lints and tests, the
# examples, a CI-sized fuzz run, the wasm and site build, type checks, front-end unit
# tests and end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup (installs only what is missing)"
bash scripts/setup.sh rust npm browser python

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test"
cargo test --workspace

step "the Basic Paxos page's lighter wasm (without the laboratory, multi and classroom), and the laboratory's"
for p in paxos-sim paxos-session; do
  cargo clippy -p $p --no-default-features --all-targets -- -D warnings
  cargo clippy -p $p --no-default-features --features lab --all-targets -- -D warnings
done
cargo test -q -p paxos-sim -p paxos-session --no-default-features

step "examples run and write traces"
cargo build --release -p paxos-cli
tmp=$(mktemp -d)
for f in examples/scenarios/*.json; do
  # Broken variants must end in a violation (exit 1); correct Paxos never does (exit 0).
  want=0; [[ $(basename "$f") == broken-* ]] && want=1
  status=0; ./target/release/paxos-sim run "$f" --trace "$tmp/$(basename "$f" .json).jsonl" > /dev/null || status=$?
  if [[ $status != "$want" ]]; then echo "  $(basename "$f"): exit $status, expected $want"; exit 1; fi
  printf '  %-45s %6s trace lines, exit %s\n' "$(basename "$f")" "$(wc -l < "$tmp/$(basename "$f" .json).jsonl")" "$status"
done
rm -rf "$tmp"

step "paxos-sim test: a student's node (the references pass; docs/node-protocol.md)"
./target/release/paxos-sim test --node "node examples/nodes/run.mjs examples/nodes/reference.js" --runs 1000 --check --out "$(mktemp -d)"
./target/release/paxos-sim test --node "python3 examples/nodes/reference.py" --runs 1000 --check --out "$(mktemp -d)"

step "paxos-sim fuzz"
./target/release/paxos-sim fuzz --runs "${FUZZ_RUNS:-20000}"
./target/release/paxos-sim fuzz --protocol multi --runs "${MULTI_FUZZ_RUNS:-3000}"

step "fuzzing every door (request sequences through the session; scenario, trace and exercise readers)"
DOOR_CASES=${DOOR_CASES:-1000} cargo test -q --release -p paxos-session --lib sequences
DOOR_CASES=$(( ${DOOR_CASES:-1000} * 20 )) cargo test -q --release -p paxos-sim --test doors

step "paxos-sim check: correct Paxos, 2 proposers, rounds 1-2, loss and duplication"
out=$(./target/release/paxos-sim check examples/scenarios/island-race.json --max-round 2 --drop --duplicate)
echo "$out"
grep -q "no violation (every reachable state explored)" <<< "$out"

step "paxos-sim check: Flexible Paxos (3 + 2 > 4 is safe, 2 + 2 of 4 is not) and Multi-Paxos (correct, and its two broken variants)"
expect() { # expect STATUS ARGS...: paxos-sim check ARGS exits with STATUS
  local want=$1 status=0
  shift
  ./target/release/paxos-sim check "$@" > /tmp/paxos-check.out || status=$?
  grep -E "^(model|from|distinct|result)" /tmp/paxos-check.out
  if [[ $status != "$want" ]]; then echo "  paxos-sim check $*: exit $status, expected $want"; exit 1; fi
}
expect 0 examples/check/flexible-safe.json --max-round 1
expect 1 examples/check/flexible-unsafe.json --max-round 1 --trace /dev/null
expect 0 examples/check/multi-failover.json --crash
# Each Multi-Paxos counterexample is written as a scenario, the same as the one kept in
# examples/check/counterexamples/ (which the Multi-Paxos view's tests open), and breaks the
# property when run.
for broken in ignore-promised-votes sync-without-quorum; do
  expect 1 "examples/check/multi-broken-$broken.json" --max-round 2 --scenario-out "/tmp/paxos-ce-$broken.json"
  cmp "/tmp/paxos-ce-$broken.json" "examples/check/counterexamples/multi-$broken.json"
  if ./target/release/paxos-sim run "/tmp/paxos-ce-$broken.json" > /dev/null; then
    echo "  the counterexample of $broken breaks nothing when run"; exit 1
  fi
done

step "build the site (wasm + vite)"
bash scripts/build-wasm.sh release
node www/build.mjs --logLevel warn

step "typescript: the types generated from the Rust types, then the page checked against them"
cargo test -q -p paxos-session --features ts --test typescript
npx tsc --noEmit -p www

step "front-end unit tests (vitest)"
npx vitest run --config www/vitest.config.ts

step "end-to-end tests (headless chromium)"
node --test www/e2e/

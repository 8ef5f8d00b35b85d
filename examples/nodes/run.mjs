#!/usr/bin/env node
// Runs a JavaScript node under the node protocol paxos-node v1 (docs/node-protocol.md):
// one request line in on stdin, one reply line out on stdout.
//
//   paxos-sim test --node "node examples/nodes/run.mjs examples/nodes/starter.js"
//
// NODE.js exports `handle(request) -> reply` (the same file the playground's editor runs);
// a second argument names another export to run instead of `handle`.
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, name = 'handle'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node run.mjs NODE.js [EXPORT]');
  process.exit(2);
}
const handle = (await import(pathToFileURL(resolve(file)).href))[name];
if (typeof handle !== 'function') {
  console.error(`${file} exports no function named ${name}`);
  process.exit(2);
}
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  process.stdout.write(JSON.stringify(handle(JSON.parse(line))) + '\n');
}

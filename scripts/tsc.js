#!/usr/bin/env node
// The project's TypeScript compiler for type checking and building: TypeScript 7, the native compiler (devDependency
// `typescript-7`, an npm alias of typescript@7): a cold `npm run typecheck` of this repository took 2.8 s of CPU
// against 18 s with TypeScript 5.8's tsc on the 2-core machine, for byte-identical JavaScript and declarations
// (source maps aside). Code must pass both (tsconfig.json's options are valid for each). TypeScript 5.8
// (`typescript`) stays for what needs its compiler API: typedoc, ts-node, the import-cycle and README checks, and the
// consumer example, which compiles the packed declarations with it as a user on TypeScript 5 would.
//
//   node scripts/tsc.js -b tsconfig.typecheck.json     (arguments go to tsc)
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");

/** Path of TypeScript 7's `tsc` launcher (its package "exports" do not list bin/, so it is found beside package.json). */
function tscPath(root = path.resolve(__dirname, "..")) {
  return path.join(path.dirname(require.resolve("typescript-7/package.json", { paths: [root] })), "bin", "tsc");
}

if (require.main === module) {
  const result = spawnSync(process.execPath, [tscPath(), ...process.argv.slice(2)], { stdio: "inherit" });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}

module.exports = { tscPath };

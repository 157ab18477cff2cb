#!/usr/bin/env node
// `npm run build` and prepack (which runs this file directly: one npm process fewer per `npm pack`): an incremental
// `tsc -b` of the packages, module-local bindings of built-ins in the emitted JavaScript (scripts/local-built-ins.js),
// then removal of orphaned outputs.
//
// Incremental rather than clean-then-build: tsc -b skips a project whose inputs did not change (≈0.5 s instead of a
// full type check and emit, ≈10 s of CPU), which keeps `npm pack` — and the consumer-package test that runs it — fast.
// What a clean build guarantees is kept by the pruning step: an output whose source file no longer exists (a deleted
// or renamed .ts) is removed, so it can never be packed.
//
//   node scripts/build.js                  both packages (tsconfig.build.json references the simulator)
//   node scripts/build.js stream-simulator the simulator only
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const simulator = { tsconfig: "stream-simulator/tsconfig.build.json", dist: "stream-simulator/dist", sources: "stream-simulator/src" };
const library = { tsconfig: "tsconfig.build.json", dist: "dist", sources: "." };
const projects = process.argv[2] === "stream-simulator" ? [simulator] : [library, simulator];

const tsc = require("./tsc").tscPath(root); // TypeScript 7 (scripts/tsc.js), as `npm run typecheck`: one build state
const result = spawnSync(process.execPath, [tsc, "-b", path.join(root, projects[0].tsconfig)], { stdio: "inherit" });
if (result.error) throw result.error;
if (result.status !== 0) process.exit(result.status ?? 1);

// Module-local bindings of built-ins in every emitted .js (scripts/local-built-ins.js): consumers' jest runs the
// packages' dist/ inside a vm context, where global lookups in the simulator's loops are ≈40× slower. Idempotent, so
// files tsc -b did not re-emit are left as they are.
const { withLocalBuiltIns } = require("./local-built-ins");
for (const { dist } of projects) {
  const distDir = path.join(root, dist);
  if (!fs.existsSync(distDir)) continue;
  for (const file of fs.readdirSync(distDir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".js")) continue;
    const code = fs.readFileSync(path.join(distDir, file), "utf8");
    const patched = withLocalBuiltIns(code);
    if (patched !== code) fs.writeFileSync(path.join(distDir, file), patched);
  }
}

const OUTPUT = /^(.*)\.(js|js\.map|d\.ts|d\.ts\.map)$/;
for (const { dist, sources } of projects) {
  const distDir = path.join(root, dist);
  if (!fs.existsSync(distDir)) continue;
  for (const file of fs.readdirSync(distDir, { recursive: true, encoding: "utf8" })) {
    const match = OUTPUT.exec(file);
    if (match === null) continue;
    if (!fs.existsSync(path.join(root, sources, `${match[1]}.ts`))) {
      fs.rmSync(path.join(distDir, file));
      console.log(`build: removed ${dist}/${file} (its source no longer exists)`);
    }
  }
}

#!/usr/bin/env node
"use strict";
// stream-sim launcher.
// 1. dist/cli.js (precompiled) when it exists and no source file is newer (the published package has no src/; in a
//    checkout, a dist/ left by `npm run build` or `npm pack` is ignored once a source changes);
// 2. else the TypeScript sources, transpiled on load by @swc/core (a minimal require hook: ~1 s faster to start than
//    ts-node, which also loads the TypeScript compiler);
// 3. else, if @swc/core cannot be loaded, ts-node's transpile-only hook.
// So `npx stream-sim` works right after `npm ci`, with no build step.
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const pkgRoot = path.resolve(__dirname, "..");
const compiled = path.join(pkgRoot, "dist", "cli.js");

function registerSwcHook() {
  const swc = require("@swc/core");
  const debug = Boolean(process.env.STREAM_SIM_DEBUG);
  if (debug && typeof process.setSourceMapsEnabled === "function") process.setSourceMapsEnabled(true);
  Module._extensions[".ts"] = function compileTs(module, filename) {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
      filename,
      swcrc: false,
      configFile: false,
      sourceMaps: debug ? "inline" : false,
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
      module: { type: "commonjs" },
    });
    module._compile(code, filename);
  };
}

function registerTsNode() {
  const ownTsconfig = path.join(pkgRoot, "tsconfig.json");
  require("ts-node").register({
    transpileOnly: true,
    swc: true,
    project: fs.existsSync(ownTsconfig) ? ownTsconfig : path.join(pkgRoot, "..", "tsconfig.json"),
  });
}

/** True when dist/cli.js exists and is at least as new as every src/ file (there is no src/ in the published package). */
function compiledIsCurrent() {
  if (!fs.existsSync(compiled)) return false;
  const builtMs = fs.statSync(compiled).mtimeMs;
  const src = path.join(pkgRoot, "src");
  if (!fs.existsSync(src)) return true;
  return fs
    .readdirSync(src, { recursive: true })
    .every((file) => !String(file).endsWith(".ts") || fs.statSync(path.join(src, String(file))).mtimeMs <= builtMs);
}

let cli;
if (compiledIsCurrent()) {
  cli = require(compiled);
} else {
  try {
    registerSwcHook();
  } catch {
    registerTsNode();
  }
  cli = require(path.join(pkgRoot, "src", "cli.ts"));
}

// `stream-sim ... | head` closes stdout early: that is not an error.
process.stdout.on("error", (err) => {
  if (err && err.code === "EPIPE") process.exit(0);
  throw err;
});

process.exitCode = cli.main(process.argv.slice(2));

#!/usr/bin/env node
"use strict";
// stream-sim launcher.
// 1. dist/cli.js (precompiled) in the published package, which has no src/;
// 2. in a checkout (src/ present), always the TypeScript sources, so a dist/ left by `npm run build` or `npm pack`
//    (or one being written by a concurrent build) is never run: transpiled on load by @swc/core (a minimal require
//    hook: ~1 s faster to start than ts-node, which also loads the TypeScript compiler);
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

/** True in the published package: dist/cli.js and no src/ beside it. */
function usePrecompiled() {
  return !fs.existsSync(path.join(pkgRoot, "src")) && fs.existsSync(compiled);
}

let cli;
if (usePrecompiled()) {
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

// `serve` and `load` are long-running (asynchronous); runCli answers the other commands as main does.
cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

#!/usr/bin/env node
"use strict";
// cdktf-kinesis-pipeline launcher (testing/cli.ts: `check-change`).
// 1. in a checkout (testing/cli.ts present), the TypeScript sources, transpiled on load by @swc/core, with the
//    simulator resolved to its sources too (the "@cdktf-kinesis-pipeline/source" export condition the repository's
//    tools use), so no build step is needed and a stale dist/ is never run;
// 2. otherwise (the published package, which ships no TypeScript sources), dist/testing/cli.js.
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const pkgRoot = path.resolve(__dirname, "..");
const sources = path.join(pkgRoot, "testing", "cli.ts");
const SOURCE_CONDITION = "@cdktf-kinesis-pipeline/source";

function registerSources() {
  const swc = require("@swc/core");
  Module._extensions[".ts"] = function compileTs(module, filename) {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
      filename,
      swcrc: false,
      configFile: false,
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
      module: { type: "commonjs" },
    });
    module._compile(code, filename);
  };
  // "stream-simulator" and its subpaths: the export a package.json maps under the source condition, if any.
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveSource(request, parent, ...rest) {
    const match = /^(stream-simulator)(\/.*)?$/.exec(request);
    if (match !== null) {
      const pkgJson = resolve.call(this, `${match[1]}/package.json`, parent, ...rest);
      const target = JSON.parse(fs.readFileSync(pkgJson, "utf8")).exports?.[`.${match[2] ?? ""}`]?.[SOURCE_CONDITION];
      if (typeof target === "string") return path.join(path.dirname(pkgJson), target);
    }
    return resolve.call(this, request, parent, ...rest);
  };
}

let cli;
if (fs.existsSync(sources)) {
  registerSources();
  cli = require(sources);
} else {
  cli = require(path.join(pkgRoot, "dist", "testing", "cli.js"));
}
process.exitCode = cli.runCli(process.argv.slice(2));

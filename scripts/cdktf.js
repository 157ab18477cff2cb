#!/usr/bin/env node
// Runs the cdktf CLI with HashiCorp's version checkpoint off (it calls checkpoint-api.hashicorp.com on every run and
// prints an error when offline), unless the caller set CHECKPOINT_DISABLE. Portable replacement for
// `CHECKPOINT_DISABLE=1 cdktf ...` in npm scripts (which cmd.exe cannot run).
"use strict";
const { spawnSync } = require("node:child_process");

const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1" };
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
if (result.error) throw result.error;
process.exit(result.status ?? 1);

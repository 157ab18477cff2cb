/**
 * Preloaded into every Node process a benchmark child starts (through NODE_OPTIONS="--require <this file>"): on exit,
 * appends the process's peak resident set size to the file named by BENCH_RSS_FILE, one JSON line per process, so
 * bench/app.ts can report the peak of a whole process tree (npm → cdktf CLI → app) without platform tools.
 */
"use strict";
const fs = require("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const line = { pid: process.pid, script: process.argv[1] ?? "", maxRssKiB: process.resourceUsage().maxRSS };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}

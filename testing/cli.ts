/**
 * The `cdktf-kinesis-pipeline` command (`bin/cdktf-kinesis-pipeline.js`), for CI scripts that are not jest:
 *
 *   npx cdktf-kinesis-pipeline check-change <previous> <next> [--json]
 *
 * `previous` and `next` are synthesized stacks: a `cdk.tf.json` file, or a stack directory holding one (such as
 * `cdktf.out/stacks/<stack>`). It prints `checkChangeSafety`'s findings for applying `next` over a deployment of
 * `previous`, each with its resource address and fix, and exits 0 when there is none, 1 when there is any, 2 when it
 * cannot run (usage, a missing or unreadable file).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkChangeSafety, formatChangeFindings } from "./change-safety";

/** Where the command reads and writes; the process's own by default. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export const CLI_USAGE = `Usage: cdktf-kinesis-pipeline check-change <previous> <next> [--json]

  Reports what AWS or Terraform would refuse, or would do to data, when the synthesized stack <next> is applied over
  a deployment of <previous>: shard-count changes UpdateShardCount cannot make in one call (with the applies that get
  there), dynamic partitioning enabled on an existing delivery stream, retained streams, buckets, keys and log groups
  a removed or renamed construct would delete.

  <previous>, <next>  a cdk.tf.json file, or a stack directory holding one (cdktf.out/stacks/<stack>)
  --json              the findings as a JSON array (address, kind, message, fix, applies)

  Exit status: 0 no finding, 1 findings, 2 the command could not run.
`;

/** The synthesized stack at `location` (a `cdk.tf.json` file, or a directory holding one), parsed. */
function readStack(location: string): unknown {
  const file = fs.existsSync(location) && fs.statSync(location).isDirectory() ? path.join(location, "cdk.tf.json") : location;
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not a cdk.tf.json document: ${(error as Error).message}`);
  }
}

/** Runs the command with `argv` (without node and the script); returns the exit status. */
export function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? io.stderr : io.stdout)(CLI_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "check-change") {
    io.stderr(`cdktf-kinesis-pipeline: unknown command ${JSON.stringify(command)}\n\n${CLI_USAGE}`);
    return 2;
  }
  const json = rest.includes("--json");
  const unknown = rest.filter((arg) => arg.startsWith("-") && arg !== "--json");
  const files = rest.filter((arg) => !arg.startsWith("-"));
  if (unknown.length > 0 || files.length !== 2) {
    const problem = unknown.length > 0 ? `unknown option ${unknown.join(", ")}` : `expected <previous> and <next>, got ${files.length} file(s)`;
    io.stderr(`cdktf-kinesis-pipeline check-change: ${problem}\n\n${CLI_USAGE}`);
    return 2;
  }
  const [previousFile, nextFile] = files;
  let findings;
  try {
    findings = checkChangeSafety(readStack(previousFile), readStack(nextFile));
  } catch (error) {
    io.stderr(`cdktf-kinesis-pipeline check-change: ${(error as Error).message}\n`);
    return 2;
  }
  if (json) {
    io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  } else if (findings.length === 0) {
    io.stdout(`check-change: applying ${nextFile} over ${previousFile}: no finding.\n`);
  } else {
    const count = `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
    io.stdout(`check-change: applying ${nextFile} over ${previousFile}: ${count}.\n${formatChangeFindings(findings)}\n`);
  }
  return findings.length === 0 ? 0 : 1;
}

import * as fs from "node:fs";
import type * as CostModule from "./cost";
import type * as SimulatorModule from "./index";
import type * as SynthReportModule from "./report/synth-cost";
import type * as SynthStackModule from "./synth-stack";
import { costToJson, simulationToJson, sizeToJson, stringifyReport } from "./report/json";
import { createProgressBar, type ProgressStream } from "./report/progress";
import { renderHeatmapSvg } from "./report/svg";
import { renderCostReport, renderSimulationReport, renderSizeReport, simulationVerdict } from "./report/table";
import type { CostBreakdown, StreamCapacitySpec, Workload, WorkloadProblem } from "./types";

/**
 * `stream-sim`: argument parsing and output only. Every figure comes from the simulator's modules.
 *
 * Exit codes: 0 success; 2 usage error (unknown command or flag, bad flag value), bad workload file (unreadable,
 * invalid JSON, invalid fields) or unusable synthesized stack (`cost --synth`: unreadable, not Terraform JSON, no
 * streams, a needed value that is an expression or missing); 1 any other failure.
 */

/*
 * The simulator's modules are loaded on first use, so `--help` and usage errors answer without loading (and, when run
 * from sources, transpiling) the whole model.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const simulator = (): typeof SimulatorModule => require("./index") as typeof SimulatorModule;
const costModel = (): typeof CostModule => require("./cost") as typeof CostModule;
const synthStack = (): typeof SynthStackModule => require("./synth-stack") as typeof SynthStackModule;
const synthReport = (): typeof SynthReportModule => require("./report/synth-cost") as typeof SynthReportModule;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Where the CLI reads and writes; `processIo()` is the real one, tests pass their own. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: ProgressStream;
  readFile(path: string): string;
  writeFile(path: string, data: string): void;
  /** How long a run must last before the progress bar appears (TTY stderr only). @default 250 */
  readonly progressDelayMs?: number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: (p) => fs.readFileSync(p, "utf8"),
    writeFile: (p, d) => fs.writeFileSync(p, d, "utf8"),
  };
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command-line mistake: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  public constructor(
    message: string,
    public readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** A workload file that cannot be used: exit code 2. */
export class WorkloadFileError extends Error {
  public constructor(
    message: string,
    public readonly problems: readonly WorkloadProblem[] = [],
  ) {
    super(message);
    this.name = "WorkloadFileError";
  }
}

/** A synthesized stack file that cannot be used (unreadable, not Terraform JSON, no streams, unknown values): exit code 2. */
export class StackFileError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

type CommandName = "size" | "simulate" | "cost";

interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
}

const COMMAND_FLAGS: Record<CommandName, readonly FlagSpec[]> = {
  size: [
    { name: "json", takesValue: false },
    { name: "target", takesValue: true },
    { name: "headroom", takesValue: true },
  ],
  simulate: [
    { name: "shards", takesValue: true },
    { name: "on-demand", takesValue: false },
    { name: "json", takesValue: false },
    { name: "svg", takesValue: true },
  ],
  cost: [
    { name: "shards", takesValue: true },
    { name: "on-demand", takesValue: false },
    { name: "json", takesValue: false },
    { name: "synth", takesValue: true },
    { name: "workload", takesValue: true },
    { name: "stream", takesValue: true },
  ],
};

export const GLOBAL_HELP = `stream-sim — deterministic Kinesis Data Streams capacity, throttling and cost simulator

Usage:
  stream-sim size <workload.json> [--json] [--target <fraction>] [--headroom <fraction>]
  stream-sim simulate <workload.json> (--shards <N> | --on-demand) [--json] [--svg <file>]
  stream-sim cost <workload.json> [--shards <N> | --on-demand] [--json]
  stream-sim cost --synth <cdk.tf.json> --workload <workload.json> [--stream <name>] [--json]

Commands:
  size        smallest shard count that meets the throttling target, the binding limit, and monthly cost
  simulate    second-by-second simulation at a given capacity: throttling, hot shard, per-shard figures
  cost        monthly cost, provisioned and/or on-demand; with --synth, of each stream of a synthesized
              cdktf stack as it is configured there

Options:
  -h, --help  show help (also: stream-sim <command> --help)
  --version   print the version

Exit codes: 0 success, 2 usage error or invalid workload or stack file, 1 other failure.
The workload file format is described in stream-simulator/README.md.
`;

/** The workload fields in brief, appended to every command's help (full table: the README's "Workload file format"). */
export const WORKLOAD_FIELDS_HELP = `Workload file (JSON; every field, default and range: stream-simulator/README.md, "Workload file format"):
  recordsPerSecond, recordBytes   required: average user records/s and payload bytes per record
  durationSeconds, peakToAverage  simulated seconds (3600); peak 1-second rate / average (1)
  partitionKey                    {"strategy": "uuid" | "static" | "entity" | "timestamp", ...} (uuid)
  partitionKeyBytes               average key bytes (36)
  consumers                       {shared (1), enhancedFanOut (0), pollsPerSecond (1)}
  producer                        {aggregation, aggregationMaxBytes, maxBatchRecords, maxBatchBytes,
                                   lingerMs, maxRetries, retryBackoffMs}
  retentionHours, region          stream retention (24); AWS region ("us-east-1")
  samplePayloads, seed            payload samples (GZIP ratio); seed of every random choice (1)
  arrivalNoise                    "poisson" | "none" ("poisson")
  maxRecordSizeKiB                the stream's maximum record size, 1024-10240 KiB (1024)
  firehose                        a Firehose reads the stream and delivers to S3 (true): true | false |
                                   {bufferingSizeMiB (5), bufferingIntervalSeconds (300), compression
                                   ("GZIP"), s3StorageDays (30)}; adds Firehose ingestion, S3 PUT requests
                                   and storage, and the bucket's KMS key to the cost
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  size: `Usage: stream-sim size <workload.json> [--json] [--target <fraction>] [--headroom <fraction>]

Finds the smallest provisioned shard count whose simulated write-throttled fraction is at most the target, names the
limit that binds (write bytes, write records, hot key, reads), compares it with the AWS documentation formula, and
prices it against on-demand.

Options:
  --json                 print a JSON document instead of tables
  --target <fraction>    acceptable throttled fraction of records, 0 <= f < 1; default 0.001 (0.1%)
  --headroom <fraction>  highest peak 1-second write utilization the busiest shard may reach at the
                         recommendation, 0 < f <= 1 (e.g. 0.7 keeps 30% spare); default 0.8
  -h, --help             show this help

${WORKLOAD_FIELDS_HELP}
Example:
  stream-sim size examples/agent-telemetry.json --target 0.0001 --headroom 0.7
`,
  simulate: `Usage: stream-sim simulate <workload.json> (--shards <N> | --on-demand) [--json] [--svg <file>]

Simulates the workload second by second against N provisioned shards (or on-demand capacity) and reports throttled
records, the hot shard and per-shard utilization.

Options:
  --shards <N>   provisioned shard count (positive integer)
  --on-demand    on-demand capacity instead of provisioned shards
  --json         print a JSON document instead of tables
  --svg <file>   also write a per-shard x time utilization heatmap (SVG) to <file>
  -h, --help     show this help

${WORKLOAD_FIELDS_HELP}
Example:
  stream-sim simulate examples/hot-key.json --shards 4 --svg hot-key.svg
`,
  cost: `Usage: stream-sim cost <workload.json> [--shards <N> | --on-demand] [--json]
       stream-sim cost --synth <cdk.tf.json> --workload <workload.json> [--stream <name>] [--json]

Monthly cost breakdown. With --shards: provisioned at N shards. With --on-demand: on-demand. With neither: provisioned
at the shard count \`size\` recommends and on-demand, side by side. Lines: shard-hours and PUT payload units or
on-demand stream-hours and GB in/out, retention, enhanced fan-out, Firehose ingestion, S3 PUT requests and storage
(when the workload's firehose is on), KMS keys and requests; us-east-1 prices from a dated table.

With --synth: the monthly cost of each Kinesis stream of a cdktf-synthesized stack (cdktf.out/stacks/<stack>/
cdk.tf.json) as configured there, under the workload's traffic. The stack's values replace the workload file's, and
the report lists each one with the Terraform attribute it came from: capacity (stream_mode_details.stream_mode,
shard_count), retentionHours (retention_period), consumers.enhancedFanOut (aws_kinesis_stream_consumer resources),
consumers.shared (at least the Firehose delivery streams reading the stream), firehose buffering and compression
(extended_s3_configuration of the delivery stream reading it), the customer-managed KMS keys it references and the
provider's region. A delivery stream with no Kinesis source (direct PUT) is costed too: Firehose, S3 and KMS lines
plus its direct-PUT quota use. A stream whose synthesized capacity does not sustain the workload gets a note saying
so, with the shard count that passes. A shard count or other needed value that is a Terraform expression (\${var.x})
or missing is an error naming the resource and attribute (exit 2).

Options:
  --shards <N>        provisioned shard count (positive integer)
  --on-demand         on-demand capacity
  --json              print a JSON document instead of tables
  --synth <file>      a synthesized stack's Terraform JSON (cdk.tf.json): cost its streams as configured
  --workload <file>   the workload file (instead of the positional argument)
  --stream <name>     with --synth: only this stream (name, logical id, address or construct path)
  -h, --help          show this help

${WORKLOAD_FIELDS_HELP}
Examples:
  stream-sim cost examples/clickstream-uuid.json
  stream-sim cost --synth cdktf.out/stacks/agent-telemetry/cdk.tf.json --workload examples/agent-telemetry.json
`,
};

/** Parsed command line of one command. */
export interface ParsedArgs {
  readonly command: CommandName;
  readonly workloadFile: string;
  readonly flags: ReadonlyMap<string, string | true>;
}

export type ParseOutcome =
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version" }
  | { readonly kind: "run"; readonly args: ParsedArgs };

function isCommand(name: string): name is CommandName {
  return name === "size" || name === "simulate" || name === "cost";
}

/** Parses argv (without node and script); throws UsageError. */
export function parseArgs(argv: readonly string[]): ParseOutcome {
  if (argv.length === 0) return { kind: "help", text: GLOBAL_HELP };
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") return { kind: "help", text: GLOBAL_HELP };
  if (first === "--version" || first === "-V") return { kind: "version" };
  if (first === "help") {
    if (rest.length === 0) return { kind: "help", text: GLOBAL_HELP };
    if (isCommand(rest[0])) return { kind: "help", text: COMMAND_HELP[rest[0]] };
    throw new UsageError(`unknown command '${rest[0]}' (commands: size, simulate, cost)`);
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (expected a command: size, simulate, cost)`);
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}' (commands: size, simulate, cost)`);
  const command = first;
  const specs = COMMAND_FLAGS[command];
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "-h" || arg === "--help") return { kind: "help", text: COMMAND_HELP[command] };
    if (arg === "--") {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const name = arg.startsWith("--") ? arg.slice(2, eq === -1 ? undefined : eq) : "";
      const spec = specs.find((s) => s.name === name);
      if (!spec) {
        throw new UsageError(
          `unknown option '${eq === -1 ? arg : arg.slice(0, eq)}' for '${command}' (options: ${specs.map((s) => `--${s.name}`).join(", ")}, --help)`,
          command,
        );
      }
      if (flags.has(name)) throw new UsageError(`option --${name} given more than once`, command);
      if (spec.takesValue) {
        let value: string | undefined;
        if (eq !== -1) value = arg.slice(eq + 1);
        else if (i + 1 < rest.length && !rest[i + 1].startsWith("--")) value = rest[++i];
        if (value === undefined || value === "") throw new UsageError(`option --${name} needs a value`, command);
        flags.set(name, value);
      } else {
        if (eq !== -1) throw new UsageError(`option --${name} takes no value`, command);
        flags.set(name, true);
      }
    } else positionals.push(arg);
  }
  const workloadFlag = flags.get("workload");
  if (typeof workloadFlag === "string") {
    if (positionals.length > 0) throw new UsageError(`give the workload file once: either <workload.json> or --workload <file> (got '${positionals[0]}' and --workload ${workloadFlag})`, command);
    return { kind: "run", args: { command, workloadFile: workloadFlag, flags } };
  }
  if (positionals.length === 0) {
    throw new UsageError(
      `'${command}' needs a workload file: stream-sim ${command} <workload.json>${command === "cost" ? " (or --workload <file>)" : ""}`,
      command,
    );
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' ('${command}' takes one workload file)`, command);
  return { kind: "run", args: { command, workloadFile: positionals[0], flags } };
}

function numberFlag(args: ParsedArgs, name: string, check: (n: number) => boolean, allowed: string): number | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return undefined;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} ${String(raw)}: expected ${allowed}`, args.command);
  return n;
}

/** Largest shard count of one stream (KINESIS_LIMITS.maxShardsPerStream); read lazily with the limits table. */
const maxShardsPerStream = (): number =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./limits") as typeof import("./limits")).KINESIS_LIMITS.maxShardsPerStream.value;

/** --shards: decimal digits only (no 1e1, 0x10, 1.0), 1 … the per-stream maximum. */
function shardsFlag(args: ParsedArgs): number | undefined {
  const raw = args.flags.get("shards");
  if (raw === undefined) return undefined;
  const text = typeof raw === "string" ? raw : "";
  const max = maxShardsPerStream();
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--shards ${String(raw)}: expected a positive whole number of shards (decimal digits), 1 to ${max.toLocaleString("en-US")}`, args.command);
  }
  const n = Number(text);
  if (n > max) {
    throw new UsageError(
      `--shards ${text}: a stream has at most ${max.toLocaleString("en-US")} shards (Kinesis per-stream limit, stream-simulator/src/limits.ts maxShardsPerStream)`,
      args.command,
    );
  }
  return n;
}

function capacityFlags(args: ParsedArgs): StreamCapacitySpec | undefined {
  const shards = shardsFlag(args);
  const onDemand = args.flags.has("on-demand");
  if (shards !== undefined && onDemand) throw new UsageError("give either --shards <N> or --on-demand, not both", args.command);
  if (shards !== undefined) return { mode: "provisioned", shards };
  if (onDemand) return { mode: "on-demand" };
  return undefined;
}

/** Reads, parses and validates a workload file; throws WorkloadFileError listing every problem. */
export function loadWorkload(path: string, io: Pick<CliIo, "readFile">): Workload {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "it is a directory" : err.code === "EACCES" ? "permission denied" : err.message;
    throw new WorkloadFileError(`cannot read workload file '${path}': ${why}`);
  }
  // A UTF-8 byte-order mark (editors on Windows write one) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new WorkloadFileError(`workload file '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return simulator().parseWorkload(json);
  } catch (e) {
    const problems = validationProblems(e);
    if (!problems) throw e;
    const lines = problems.map((p) => `  - ${p.path || "(root)"}: got ${showValue(p.value)}; allowed: ${p.allowed}`);
    throw new WorkloadFileError(
      `invalid workload file '${path}' (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      problems,
    );
  }
}

function validationProblems(e: unknown): readonly WorkloadProblem[] | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const problems = (e as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as WorkloadProblem[]) : undefined;
}

function showValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

function runSize(args: ParsedArgs, io: CliIo): void {
  const targetThrottledFraction = numberFlag(args, "target", (n) => n >= 0 && n < 1, "a fraction 0 <= f < 1, e.g. 0.001");
  const headroom = numberFlag(args, "headroom", (n) => n > 0 && n <= 1, "a utilization ceiling 0 < f <= 1, e.g. 0.7");
  const workload = loadWorkload(args.workloadFile, io);
  const bar = createProgressBar(io.stderr, {
    label: "sizing",
    resultsToTerminal: io.stdout.isTTY === true,
    ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}),
  });
  let result;
  try {
    result = simulator().size(workload, {
      ...(targetThrottledFraction !== undefined ? { targetThrottledFraction } : {}),
      ...(headroom !== undefined ? { headroom } : {}),
      onProgress: (fraction: number) => bar.update(fraction),
    });
  } finally {
    bar.done();
  }
  io.stdout.write(args.flags.has("json") ? stringifyReport(sizeToJson(result, args.workloadFile)) : renderSizeReport(result, args.workloadFile));
}

/** Heatmap resolution asked of the simulator: one column per bucket, at most this many. */
export const HEATMAP_BUCKETS = 120;

function runSimulate(args: ParsedArgs, io: CliIo): void {
  const capacity = capacityFlags(args);
  if (!capacity) throw new UsageError("'simulate' needs a capacity: --shards <N> or --on-demand", args.command);
  const svgFile = args.flags.get("svg");
  const workload = loadWorkload(args.workloadFile, io);
  const bar = createProgressBar(io.stderr, {
    label: "simulating",
    resultsToTerminal: io.stdout.isTTY === true,
    ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}),
  });
  let result;
  try {
    result = simulator().simulate(workload, {
      capacity,
      ...(typeof svgFile === "string" ? { heatmapBuckets: HEATMAP_BUCKETS } : {}),
      onProgress: (fraction: number) => bar.update(fraction),
    });
  } finally {
    bar.done();
  }
  if (typeof svgFile === "string") {
    if (!result.heatmap) throw new Error("the simulator returned no heatmap although one was requested");
    const svg = renderHeatmapSvg({
      heatmap: result.heatmap,
      shardIds: result.perShard.map((s) => s.shardId),
      hotShardId: result.hotShard.shardId,
      title: `Write utilization per shard over time — ${args.workloadFile}`,
      subtitle: simulationVerdict(result),
    });
    io.writeFile(svgFile, svg);
  }
  if (args.flags.has("json")) {
    io.stdout.write(stringifyReport(simulationToJson(result, args.workloadFile, typeof svgFile === "string" ? svgFile : undefined)));
  } else {
    io.stdout.write(renderSimulationReport(result, args.workloadFile));
    if (typeof svgFile === "string") io.stdout.write(`\nHeatmap written to ${svgFile}\n`);
  }
}

/** Reads and parses a synthesized stack's Terraform JSON; throws StackFileError. */
function loadStackJson(path: string, io: Pick<CliIo, "readFile">): unknown {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOENT"
        ? "no such file (run `npm run synth` first; stacks are written to cdktf.out/stacks/<stack>/cdk.tf.json)"
        : err.code === "EISDIR"
          ? `it is a directory (give the file inside it: ${path.replace(/\/+$/, "")}/cdk.tf.json)`
          : err.code === "EACCES"
            ? "permission denied"
            : err.message;
    throw new StackFileError(`cannot read synthesized stack '${path}': ${why}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StackFileError(`synthesized stack '${path}' is not valid JSON: ${(e as Error).message}`);
  }
}

function runCostSynth(args: ParsedArgs, io: CliIo, synthFile: string): void {
  if (args.flags.has("shards") || args.flags.has("on-demand")) {
    throw new UsageError("--synth takes the capacity from the stack: drop --shards/--on-demand (or drop --synth to price a capacity you choose)", args.command);
  }
  const stream = args.flags.get("stream");
  const workload = loadWorkload(args.workloadFile, io);
  const stackJson = loadStackJson(synthFile, io);
  const mod = synthStack();
  let report;
  try {
    report = mod.costSynthStack(stackJson, workload, typeof stream === "string" ? { stream } : {});
  } catch (e) {
    if (!(e instanceof mod.SynthStackError)) throw e;
    const lines = e.problems.map((p) => `  - ${p.resource} ${p.field}: got ${showValue(p.value)}; allowed: ${p.allowed}`);
    throw new StackFileError(`${synthFile}: ${e.message}${lines.length > 0 ? `:\n${lines.join("\n")}` : ""}`);
  }
  const r = synthReport();
  io.stdout.write(
    args.flags.has("json")
      ? stringifyReport(r.synthCostToJson(report, synthFile, args.workloadFile))
      : r.renderSynthCostReport(report, synthFile, args.workloadFile),
  );
}

function runCost(args: ParsedArgs, io: CliIo): void {
  const synthFile = args.flags.get("synth");
  if (typeof synthFile === "string") {
    runCostSynth(args, io, synthFile);
    return;
  }
  if (args.flags.has("stream")) throw new UsageError("--stream selects a stream of a synthesized stack: use it with --synth <cdk.tf.json>", args.command);
  const capacity = capacityFlags(args);
  const workload = loadWorkload(args.workloadFile, io);
  const { estimateCost } = costModel();
  let provisioned: CostBreakdown | null = null;
  let onDemand: CostBreakdown | null = null;
  let sizedShards: number | null | undefined;
  if (capacity?.mode === "provisioned") provisioned = estimateCost(workload, capacity);
  else if (capacity?.mode === "on-demand") onDemand = estimateCost(workload, capacity);
  else {
    sizedShards = simulator().size(workload, {}).recommendedShards;
    provisioned = sizedShards === null ? null : estimateCost(workload, { mode: "provisioned", shards: sizedShards });
    onDemand = estimateCost(workload, { mode: "on-demand" });
  }
  if (args.flags.has("json")) {
    io.stdout.write(stringifyReport(costToJson(provisioned, onDemand, args.workloadFile, sizedShards)));
    return;
  }
  const breakdowns = [provisioned, onDemand].filter((b): b is CostBreakdown => b !== null);
  let text = renderCostReport(breakdowns, args.workloadFile);
  if (sizedShards === null) text += "\nNo provisioned shard count meets the throttling target (see `stream-sim size`); only on-demand is shown.\n";
  else if (sizedShards !== undefined) text += `\nProvisioned shard count ${sizedShards} is the \`stream-sim size\` recommendation.\n`;
  io.stdout.write(text);
}

function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Runs the CLI; returns the exit code. Never calls process.exit. */
export function main(argv: readonly string[], io: CliIo = processIo()): number {
  let outcome: ParseOutcome;
  try {
    outcome = parseArgs(argv);
    if (outcome.kind === "help") {
      io.stdout.write(outcome.text);
      return EXIT_OK;
    }
    if (outcome.kind === "version") {
      io.stdout.write(`stream-sim ${version()}\n`);
      return EXIT_OK;
    }
    const { args } = outcome;
    if (args.command === "size") runSize(args, io);
    else if (args.command === "simulate") runSimulate(args, io);
    else runCost(args, io);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`stream-sim: ${e.message}\nRun 'stream-sim ${e.command ? `${e.command} ` : ""}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof WorkloadFileError || e instanceof StackFileError) {
      io.stderr.write(`stream-sim: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    io.stderr.write(`stream-sim: error: ${err?.message ?? String(e)}\n`);
    if (process.env.STREAM_SIM_DEBUG && err?.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

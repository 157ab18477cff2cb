import * as fs from "node:fs";
import * as path from "node:path";
import type * as CostModule from "./cost";
import type * as SimulatorModule from "./index";
import type * as SynthReportModule from "./report/synth-cost";
import type * as SynthStackModule from "./terraform";
import { costToJson, simulationToJson, sizeToJson, stringifyReport } from "./report/json";
import { createProgressBar, type ProgressStream } from "./report/progress";
import { renderHeatmapSvg } from "./report/svg";
import { renderCostReport, renderSimulationReport, renderSizeReport, simulationVerdict } from "./report/table";
import { capacityOptionProblems } from "./options";
/** keys.ts's KEY_NAMINGS, written here so the CLI starts without loading the model (cli.test checks they agree). */
export const CLI_KEY_NAMINGS = 200;
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
const synthStack = (): typeof SynthStackModule => require("./terraform") as typeof SynthStackModule;
const synthReport = (): typeof SynthReportModule => require("./report/synth-cost") as typeof SynthReportModule;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Where the CLI reads and writes; `processIo()` is the real one, tests pass their own. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: ProgressStream;
  readFile(path: string): string;
  writeFile(path: string, data: string): void;
  /** Why `path` cannot be written (a missing or read-only directory, a read-only file), or undefined when it can. */
  checkWritable(path: string): string | undefined;
  /** How long a run must last before the progress bar appears (TTY stderr only). @default 250 */
  readonly progressDelayMs?: number;
  /** `serve`: resolves (with a reason) when the endpoint should stop. @default SIGINT or SIGTERM */
  readonly stopped?: Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: (p) => fs.readFileSync(p, "utf8"),
    writeFile: (p, d) => fs.writeFileSync(p, d, "utf8"),
    checkWritable: (p) => {
      try {
        if (fs.existsSync(p)) {
          if (fs.statSync(p).isDirectory()) return "it is a directory";
          fs.accessSync(p, fs.constants.W_OK);
        } else {
          const dir = path.dirname(path.resolve(p));
          if (!fs.existsSync(dir)) return `directory ${dir} does not exist`;
          fs.accessSync(dir, fs.constants.W_OK);
        }
        return undefined;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (e as Error).message;
      }
    },
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

type CommandName = "size" | "simulate" | "cost" | "serve" | "load";
const COMMANDS = "size, simulate, cost, serve, load";

interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
}

const RUN_FLAGS: readonly FlagSpec[] = [
  { name: "seed", takesValue: true },
  { name: "duration", takesValue: true },
];

const COMMAND_FLAGS: Record<CommandName, readonly FlagSpec[]> = {
  size: [{ name: "json", takesValue: false }, { name: "target", takesValue: true }, { name: "headroom", takesValue: true }, ...RUN_FLAGS],
  simulate: [
    { name: "shards", takesValue: true },
    { name: "on-demand", takesValue: false },
    { name: "tier", takesValue: true },
    { name: "naming", takesValue: true },
    { name: "json", takesValue: false },
    { name: "svg", takesValue: true },
    ...RUN_FLAGS,
  ],
  cost: [
    { name: "shards", takesValue: true },
    { name: "on-demand", takesValue: false },
    { name: "tier", takesValue: true },
    { name: "json", takesValue: false },
    { name: "synth", takesValue: true },
    { name: "workload", takesValue: true },
    { name: "stream", takesValue: true },
  ],
  serve: [
    { name: "port", takesValue: true },
    { name: "config", takesValue: true },
    { name: "stream", takesValue: true },
    { name: "shards", takesValue: true },
    { name: "on-demand", takesValue: false },
    { name: "tier", takesValue: true },
    { name: "workload", takesValue: true },
    { name: "region", takesValue: true },
    { name: "write-burst-mib", takesValue: true },
  ],
  load: [
    { name: "stream", takesValue: true },
    { name: "endpoint", takesValue: true },
    { name: "region", takesValue: true },
    { name: "rate-scale", takesValue: true },
    { name: "worker", takesValue: true },
    { name: "on-failure", takesValue: true },
    { name: "concurrency", takesValue: true },
    { name: "naming", takesValue: true },
    { name: "start-at", takesValue: true },
    { name: "json", takesValue: false },
    ...RUN_FLAGS,
  ],
};

export const GLOBAL_HELP = `stream-sim — deterministic Kinesis Data Streams capacity, throttling and cost simulator

Usage:
  stream-sim size <workload.json> [--json] [--target <fraction>] [--headroom <fraction>] [--seed <n>] [--duration <s>]
  stream-sim simulate <workload.json> (--shards <N> | --on-demand [--tier advantage]) [--json] [--svg <file>]
  stream-sim cost <workload.json> [--shards <N> | --on-demand [--tier advantage]] [--json]
  stream-sim cost --synth <cdk.tf.json> --workload <workload.json> [--stream <name>] [--json]
  stream-sim serve [--port <n>] [--config <streams.json>] [--stream <name> (--shards <N> | --on-demand)]
  stream-sim load <workload.json> --stream <name> [--endpoint <url>] [--duration <s>] [--rate-scale <x>]
                  [--worker <i>/<N>] [--on-failure retry|log] [--json]

Commands:
  size        the shard count that answers the three sizing questions (limit, growth, throttle), which
              binds, what the answer depends on, and the three capacity modes priced and checked
  simulate    second-by-second simulation at a given capacity: first-attempt and final throttling, hot
              shard, per-shard figures, on-demand cold start
  cost        monthly cost: provisioned, On-demand Standard and On-demand Advantage side by side (or one
              of them); with --synth, of each stream of a synthesized cdktf stack as it is configured there
  serve       a local Kinesis endpoint (127.0.0.1) that throttles like AWS: the simulator's per-shard
              limits in real time in front of kinesalite, for the AWS SDKs, the AWS CLI and any producer
  load        a real producer (AWS SDK v3) replaying the workload against an endpoint or a real stream,
              reporting observed throttling beside the simulator's prediction

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
  trafficShape                    "bursts" | "ramp" | "daily" ("bursts")
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
                                   ("GZIP"), s3StorageDays (30), formatConversion (false),
                                   dynamicPartitioning {activePartitions, jqProcessingHoursPerMonth}};
                                   adds Firehose, S3 and the bucket's KMS key to the cost
  onDemand                        {previousPeakMiBPerSecond, warmThroughputMiBPerSecond}: an established
                                   or pre-warmed on-demand stream (a new one)
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  size: `Usage: stream-sim size <workload.json> [--json] [--target <fraction>] [--headroom <fraction>] [--seed <n>] [--duration <s>]

Answers the three questions of the sizing rule and recommends the largest answer, naming which binds:
  limit     the smallest shard count whose busiest shard fits every per-shard limit at the steady peak
  growth    ... whose busiest shard's mean load at the steady peak is within the headroom (or, where one key
            dominates its shard, as low as more shards can bring it: the report says how much growth is left)
  throttle  ... at which the noisy per-second simulation of the peak hour throttles at most the target of first
            attempts and loses no record after the producer's retries
Entity keys are placed under 200 independent key namings (your real key names are unknown); the answer holds for 180.
Also: what the answer depends on, the AWS documentation formula for comparison, and provisioned, On-demand
Standard and On-demand Advantage priced side by side with whether each throttles.

Options:
  --json                 print a JSON document instead of tables
  --target <fraction>    acceptable fraction of first attempts throttled, 0 <= f < 1; default 0.001 (0.1%)
  --headroom <fraction>  highest mean load of the busiest shard at the steady peak, 0 < f <= 1
                         (0.7 keeps 30% spare); default 0.8
  --seed <n>             the workload's seed (arrival noise), overriding the file's
  --duration <s>         the workload's durationSeconds, overriding the file's
  -h, --help             show this help

${WORKLOAD_FIELDS_HELP}
Example:
  stream-sim size examples/agent-telemetry.json --target 0.0001 --headroom 0.7
`,
  simulate: `Usage: stream-sim simulate <workload.json> (--shards <N> | --on-demand [--tier advantage]) [--json] [--svg <file>]

Simulates the workload second by second against N provisioned shards (or on-demand capacity) and reports records
throttled at their first attempt and lost after retries, the hot shard, per-shard utilization, and for on-demand
the cold start apart from the steady state.

Options:
  --shards <N>      provisioned shard count (positive integer)
  --on-demand       on-demand capacity instead of provisioned shards
  --tier <tier>     with --on-demand: standard (default) or advantage (warm throughput applies)
  --naming <0-199>  entity keys: which of the 200 key namings places the keys (default 0)
  --json            print a JSON document instead of tables
  --svg <file>      also write a per-shard x time utilization heatmap (SVG) to <file>
  --seed <n>        the workload's seed, overriding the file's
  --duration <s>    the workload's durationSeconds, overriding the file's
  -h, --help        show this help

${WORKLOAD_FIELDS_HELP}
Example:
  stream-sim simulate examples/hot-key.json --shards 4 --svg hot-key.svg
`,
  cost: `Usage: stream-sim cost <workload.json> [--shards <N> | --on-demand] [--json]
       stream-sim cost --synth <cdk.tf.json> --workload <workload.json> [--stream <name>] [--json]

Monthly cost breakdown. With --shards: provisioned at N shards. With --on-demand: On-demand Standard (or Advantage
with --tier advantage). With neither: provisioned at the shard count \`size\` recommends, On-demand Standard and
On-demand Advantage side by side, with whether each throttles and which is the cheapest that does not. Lines:
shard-hours and PUT payload units or on-demand stream-hours and GB in/out (Advantage: its rates and the region-wide
minimum), retention, enhanced fan-out, Firehose ingestion, format conversion and dynamic partitioning, S3 PUT
requests and storage (when the workload's firehose is on), KMS keys, rotations and requests; us-east-1 prices from
a dated table.

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
  --tier <tier>       with --on-demand: standard (default) or advantage
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
  serve: `Usage: stream-sim serve [--port <n>] [--config <streams.json>] [--stream <name> (--shards <N> | --on-demand [--tier advantage]) [--workload <file>]] [--region <r>] [--write-burst-mib <n>]

A Kinesis Data Streams endpoint on 127.0.0.1 that enforces the simulator's limits in real time, in front of
kinesalite (storage and the rest of the API). Point any Kinesis client at the URL it prints:
  writes   1 MiB/s (data + partition key) and 1,000 records/s per shard (token buckets, as the simulator's);
           PutRecord answers ProvisionedThroughputExceededException, PutRecords fails entries in request order
           with ErrorCode/ErrorMessage and FailedRecordCount; 500 records, 10 MiB and the record size checked
  reads    GetRecords: 5 calls/s and 2 MiB/s per shard shared by all readers (a 10 MiB response throttles
           5 s), at most 10,000 records / 10 MiB per call; GetShardIterator 5 calls/s per shard
  streams  provisioned (CreateStream ShardCount) or on-demand (4 MiB/s new, twice the previous peak after
           15 minutes, each key capped at one shard); routing by MD5 and the even CreateStream split
Not enforced: enhanced fan-out (SubscribeToShard, RegisterStreamConsumer), UpdateShardCount and
UpdateStreamMode (not implemented: they answer UnknownOperationException), control-plane rates other than
GetShardIterator, records above 1 MiB. Speaks AWS JSON 1.1 over HTTP/1.1 (the AWS SDK for JavaScript v3
needs its NodeHttpHandler for a plain-HTTP endpoint; Java SDKs need CBOR turned off).
Prints one line with the URL when ready; stops on SIGINT or SIGTERM and prints what each shard served.

Options:
  --port <n>          port on 127.0.0.1 (0: any free port); default 4567
  --config <file>     streams to create: {"streams": [{"name": "orders", "shards": 2},
                      {"name": "events", "onDemand": true}]} (onDemand may be the workload's onDemand object)
  --stream <name>     a stream to create, with --shards <N> or --on-demand
  --shards <N>        its provisioned shard count
  --on-demand         an on-demand stream (with --tier advantage: warm throughput applies)
  --tier <tier>       standard (default) or advantage
  --workload <file>   with --on-demand: the stream's previous peak and warm throughput from the workload's
                      onDemand field
  --region <region>   the region of the limits (on-demand maximum, account shard quota); default us-east-1
  --write-burst-mib <n>
                      how far a shard's writes may burst past 1 MiB/s: its byte bucket's capacity, 1-100 MiB
                      (AWS does not publish it; default 10). 1 is the strictest reading of 1 MiB/s
  -h, --help          show this help

Example:
  stream-sim serve --port 4567 --stream orders --shards 2
`,
  load: `Usage: stream-sim load <workload.json> --stream <name> [--endpoint <url>] [--region <r>] [--duration <s>]
                       [--rate-scale <x>] [--worker <i>/<N>] [--on-failure retry|log] [--concurrency <n>]
                       [--naming <0-199>] [--start-at <time>] [--seed <n>] [--json]

Replays the workload against a Kinesis stream with a real producer (AWS SDK for JavaScript v3): the workload's
rate and traffic shape (Poisson arrivals unless arrivalNoise is "none"), record size, partition keys (uuid,
static, entity with Zipf skew — placed by the simulator's key naming through ExplicitHashKey — or timestamp),
PutRecords batches of producer.maxBatchRecords (<= 500) and maxBatchBytes flushed after lingerMs, optional KPL
aggregation in the real aggregated format, oversized records rejected. Then reports what the stream did — per
shard accepted rates, first-attempt and final throttled fractions, lost records, latency percentiles — beside
the simulator's prediction for the same workload, duration, rate and capacity (the stream's mode and shards).
Without --endpoint: the default AWS credential chain and region, i.e. a real stream (it is billed).

Options:
  --stream <name>         the stream to write to (required)
  --endpoint <url>        a Kinesis endpoint, e.g. http://127.0.0.1:4567 from stream-sim serve
  --region <region>       the client's region (default: the AWS chain; with --endpoint, the workload's)
  --duration <s>          seconds of traffic (the workload's durationSeconds otherwise)
  --rate-scale <x>        multiplies the workload's recordsPerSecond, x > 0; default 1
  --worker <i>/<N>        this process is worker i of N (1 <= i <= N) over disjoint key ranges: N processes
                          with the same arguments offer the workload together
  --on-failure <mode>     retry: failed entries retried after retryBackoffMs * 2^attempt, up to maxRetries
                          (default); log: counted and logged, never retried
  --concurrency <n>       PutRecords requests in flight at most, 1-256; default 8
  --naming <0-199>        entity keys: the simulator's key naming the keys are placed by; default 0
  --start-at <time>       wait until then (ISO 8601 or epoch ms) so that cooperating workers start together
  --seed <n>              the workload's seed, overriding the file's
  --json                  print a JSON document instead of tables
  -h, --help              show this help

${WORKLOAD_FIELDS_HELP}
Example:
  stream-sim load examples/clickstream-uuid.json --endpoint http://127.0.0.1:4567 --stream orders --duration 30
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
  return name === "size" || name === "simulate" || name === "cost" || name === "serve" || name === "load";
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
    throw new UsageError(`unknown command '${rest[0]}' (commands: ${COMMANDS})`);
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (expected a command: ${COMMANDS})`);
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}' (commands: ${COMMANDS})`);
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
  if (command === "serve") {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' ('serve' takes options only)`, command);
    return { kind: "run", args: { command, workloadFile: typeof workloadFlag === "string" ? workloadFlag : "", flags } };
  }
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

/** The flag of each capacity option. */
const CRITERIA_FLAGS = { targetThrottledFraction: "target", headroom: "headroom" } as const;

/** --target and --headroom, checked by the capacity options' one rule (options.ts); every invalid one reported. */
function criteriaFlags(args: ParsedArgs): { targetThrottledFraction?: number; headroom?: number } {
  const read = (flag: string): number | undefined => {
    const raw = args.flags.get(flag);
    if (raw === undefined) return undefined;
    return typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  };
  const given = { targetThrottledFraction: read(CRITERIA_FLAGS.targetThrottledFraction), headroom: read(CRITERIA_FLAGS.headroom) };
  const problems = capacityOptionProblems(given);
  if (problems.length > 0) {
    const text = problems.map((p) => {
      const flag = CRITERIA_FLAGS[p.path as keyof typeof CRITERIA_FLAGS];
      return `--${flag} ${String(args.flags.get(flag))}: expected ${p.allowed}`;
    });
    throw new UsageError(text.join("; "), args.command);
  }
  return {
    ...(given.targetThrottledFraction !== undefined ? { targetThrottledFraction: given.targetThrottledFraction } : {}),
    ...(given.headroom !== undefined ? { headroom: given.headroom } : {}),
  };
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
  const tier = args.flags.get("tier");
  if (shards !== undefined && onDemand) throw new UsageError("give either --shards <N> or --on-demand, not both", args.command);
  if (tier !== undefined && !onDemand) throw new UsageError("--tier applies to on-demand capacity: use it with --on-demand", args.command);
  if (tier !== undefined && tier !== "standard" && tier !== "advantage") {
    throw new UsageError(`--tier ${String(tier)}: expected standard or advantage`, args.command);
  }
  if (shards !== undefined) return { mode: "provisioned", shards };
  if (onDemand) return tier === "advantage" ? { mode: "on-demand", tier: "advantage" } : { mode: "on-demand" };
  return undefined;
}

/** --seed and --duration: the workload's seed and durationSeconds, overriding the file's (validated with it). */
function withRunFlags(args: ParsedArgs, workload: Workload): Workload {
  const seed = numberFlag(args, "seed", (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, "an integer from 0 to 4294967295");
  const duration = numberFlag(args, "duration", (n) => Number.isInteger(n) && n >= 1, "a whole number of seconds ≥ 1");
  if (seed === undefined && duration === undefined) return workload;
  const w = { ...workload, ...(seed !== undefined ? { seed } : {}), ...(duration !== undefined ? { durationSeconds: duration } : {}) };
  try {
    return simulator().parseWorkload(w);
  } catch (e) {
    const problems = validationProblems(e);
    if (!problems) throw e;
    throw new UsageError(problems.map((p) => `--${p.path === "seed" ? "seed" : "duration"} (${p.path}): got ${showValue(p.value)}; allowed: ${p.allowed}`).join("; "), args.command);
  }
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
  const { targetThrottledFraction, headroom } = criteriaFlags(args);
  const workload = withRunFlags(args, loadWorkload(args.workloadFile, io));
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
  const naming = numberFlag(args, "naming", (n) => Number.isInteger(n) && n >= 0 && n < CLI_KEY_NAMINGS, `an integer from 0 to ${CLI_KEY_NAMINGS - 1}`);
  if (typeof svgFile === "string") {
    const why = io.checkWritable(svgFile);
    if (why !== undefined) throw new UsageError(`--svg ${svgFile}: cannot write there (${why})`, args.command);
  }
  const workload = withRunFlags(args, loadWorkload(args.workloadFile, io));
  const bar = createProgressBar(io.stderr, {
    label: "simulating",
    resultsToTerminal: io.stdout.isTTY === true,
    ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}),
  });
  let result;
  try {
    result = simulator().simulate(workload, {
      capacity,
      ...(naming !== undefined ? { keyNaming: naming } : {}),
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
      title: `Write utilization ${capacity.mode === "on-demand" ? "of the on-demand stream" : "per shard"} over time — ${args.workloadFile}`,
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
  if (capacity !== undefined) {
    const one = estimateCost(workload, capacity);
    const costs = {
      provisioned: capacity.mode === "provisioned" ? one : null,
      onDemand: capacity.mode === "on-demand" && capacity.tier !== "advantage" ? one : null,
      onDemandAdvantage: capacity.mode === "on-demand" && capacity.tier === "advantage" ? one : null,
    };
    io.stdout.write(args.flags.has("json") ? stringifyReport(costToJson(costs, args.workloadFile)) : renderCostReport([one], args.workloadFile));
    return;
  }
  // The three modes side by side: `size` prices them and checks whether each throttles.
  const sizing = simulator().size(workload, {});
  const costs = { provisioned: sizing.cost.provisioned, onDemand: sizing.cost.onDemand, onDemandAdvantage: sizing.cost.onDemandAdvantage };
  const comparison = { options: sizing.cost.options, cheapest: sizing.cost.cheapest };
  if (args.flags.has("json")) {
    io.stdout.write(stringifyReport(costToJson(costs, args.workloadFile, sizing.recommendedShards, comparison)));
    return;
  }
  const breakdowns = [costs.provisioned, costs.onDemand, costs.onDemandAdvantage].filter((b): b is CostBreakdown => b !== null);
  let text = renderCostReport(breakdowns, args.workloadFile, { ...comparison, provisionedShards: sizing.recommendedShards });
  if (sizing.recommendedShards === null) text += "\nNo provisioned shard count meets the sizing rule (see `stream-sim size`); provisioned is not priced.\n";
  else text += `\nProvisioned shard count ${sizing.recommendedShards} is the \`stream-sim size\` recommendation.\n`;
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

/** The exit code of a failure, its message written to stderr. */
function failure(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr.write(`stream-sim: ${e.message}\nRun 'stream-sim ${e.command ? `${e.command} ` : ""}--help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (e instanceof WorkloadFileError || e instanceof StackFileError || (e as Error)?.name === "ServeConfigError") {
    io.stderr.write(`stream-sim: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const err = e as Error;
  io.stderr.write(`stream-sim: error: ${err?.message ?? String(e)}\n`);
  if (process.env.STREAM_SIM_DEBUG && err?.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}

/** Runs the CLI; returns the exit code. Never calls process.exit. `serve` and `load` run asynchronously: see `runCli`. */
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
    if (args.command === "serve" || args.command === "load") throw new Error(`'${args.command}' runs asynchronously: call runCli`);
    if (args.command === "size") runSize(args, io);
    else if (args.command === "simulate") runSimulate(args, io);
    else runCost(args, io);
    return EXIT_OK;
  } catch (e) {
    return failure(e, io);
  }
}

/** The CLI with every command (`serve` and `load` are long-running); what bin/stream-sim.js runs. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let outcome: ParseOutcome;
  try {
    outcome = parseArgs(argv);
  } catch (e) {
    return failure(e, io);
  }
  if (outcome.kind !== "run" || (outcome.args.command !== "serve" && outcome.args.command !== "load")) return main(argv, io);
  try {
    if (outcome.args.command === "serve") await runServeCli(outcome.args, io);
    else await runLoadCli(outcome.args, io);
    return EXIT_OK;
  } catch (e) {
    return failure(e, io);
  }
}

/** SIGINT or SIGTERM, whichever comes first (the name of the signal). */
function processSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = on("SIGINT");
    const onTerm = on("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

async function runServeCli(args: ParsedArgs, io: CliIo): Promise<void> {
  const port = numberFlag(args, "port", (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a port number 0-65535 (0: any free port)") ?? DEFAULT_SERVE_PORT;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SERVE_WRITE_BURST_BYTES: burst } = require("./serve/server") as typeof import("./serve/server");
  const MiB = 1024 * 1024;
  const burstMiB = numberFlag(args, "write-burst-mib", (n) => n * MiB >= burst.min && n * MiB <= burst.max, `a number of MiB from ${burst.min / MiB} to ${burst.max / MiB}`);
  const name = stringFlag(args, "stream");
  const capacity = capacityFlags(args);
  if (name === undefined && capacity !== undefined) throw new UsageError("--shards / --on-demand describe a stream: give its name with --stream <name>", args.command);
  if (name !== undefined && capacity === undefined) throw new UsageError(`--stream ${name} needs a capacity: --shards <N> or --on-demand`, args.command);
  if (args.workloadFile !== "" && capacity?.mode !== "on-demand") {
    throw new UsageError("--workload gives an on-demand stream its previous peak and warm throughput: use it with --on-demand", args.command);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require("./serve/config") as typeof import("./serve/config");
  const streams: import("./serve/server").ServeStreamSpec[] = [];
  const configFile = stringFlag(args, "config");
  if (configFile !== undefined) {
    let text: string;
    try {
      text = io.readFile(configFile);
    } catch (e) {
      throw new WorkloadFileError(`cannot read serve config '${configFile}': ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      throw new WorkloadFileError(`serve config '${configFile}' is not valid JSON: ${(e as Error).message}`);
    }
    streams.push(...config.parseServeConfig(json, `'${configFile}'`));
  }
  if (name !== undefined && capacity !== undefined) {
    if (streams.some((s) => s.name === name)) throw new UsageError(`stream ${name} is also in ${configFile}: give it once`, args.command);
    if (capacity.mode === "provisioned") streams.push({ name, shards: capacity.shards });
    else {
      const w = args.workloadFile !== "" ? loadWorkload(args.workloadFile, io) : undefined;
      streams.push({ name, onDemand: config.onDemandStartOf(w?.onDemand, capacity.tier ?? "standard") });
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runServe } = require("./serve/command") as typeof import("./serve/command");
  const region = stringFlag(args, "region");
  try {
    await runServe({ port, streams, ...(region ? { region } : {}), ...(burstMiB !== undefined ? { writeBurstBytes: burstMiB * MiB } : {}) }, { stdout: io.stdout, stderr: io.stderr, stopped: io.stopped ?? processSignal() });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UsageError(`port ${port} is in use on 127.0.0.1: choose another with --port (0 picks a free one)`, args.command);
    throw e;
  }
}

async function runLoadCli(args: ParsedArgs, io: CliIo): Promise<void> {
  const stream = stringFlag(args, "stream");
  if (stream === undefined) throw new UsageError("'load' needs the stream to write to: --stream <name>", args.command);
  const endpoint = stringFlag(args, "endpoint");
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+(\/.*)?$/.test(endpoint)) throw new UsageError(`--endpoint ${endpoint}: expected an http:// or https:// URL`, args.command);
  const rateScale = numberFlag(args, "rate-scale", (n) => n > 0 && n <= 1e6, "a factor > 0, e.g. 0.5 or 2") ?? 1;
  const concurrency = numberFlag(args, "concurrency", (n) => Number.isInteger(n) && n >= 1 && n <= 256, "an integer from 1 to 256") ?? 8;
  const naming = numberFlag(args, "naming", (n) => Number.isInteger(n) && n >= 0 && n < CLI_KEY_NAMINGS, `an integer from 0 to ${CLI_KEY_NAMINGS - 1}`) ?? 0;
  const onFailure = stringFlag(args, "on-failure") ?? "retry";
  if (onFailure !== "retry" && onFailure !== "log") throw new UsageError(`--on-failure ${onFailure}: expected retry or log`, args.command);
  let worker = { index: 0, count: 1 };
  const w = stringFlag(args, "worker");
  if (w !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(w);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(i >= 1 && n >= 1 && i <= n && n <= 10_000)) throw new UsageError(`--worker ${w}: expected <i>/<N> with 1 <= i <= N, e.g. 1/4`, args.command);
    worker = { index: i - 1, count: n };
  }
  let startAtMs: number | undefined;
  const at = stringFlag(args, "start-at");
  if (at !== undefined) {
    startAtMs = /^\d+$/.test(at) ? Number(at) : Date.parse(at);
    if (!Number.isFinite(startAtMs) || startAtMs - Date.now() > 86_400_000) {
      throw new UsageError(`--start-at ${at}: expected an ISO 8601 time or epoch milliseconds within the next 24 hours`, args.command);
    }
  }
  const workload = withRunFlags(args, loadWorkload(args.workloadFile, io));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = require("./load/command") as typeof import("./load/command");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const report = require("./load/report") as typeof import("./load/report");
  const region = stringFlag(args, "region");
  const r = await load.runLoad(
    {
      workload,
      workloadFile: args.workloadFile,
      stream,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(region !== undefined ? { region } : {}),
      rateScale,
      worker,
      onFailure,
      concurrency,
      keyNaming: naming,
      ...(startAtMs !== undefined ? { startAtMs } : {}),
    },
    { stderr: io.stderr, resultsToTerminal: io.stdout.isTTY === true, ...(io.progressDelayMs !== undefined ? { progressDelayMs: io.progressDelayMs } : {}) },
  );
  io.stdout.write(args.flags.has("json") ? stringifyReport(r) : report.renderLoadReport(r));
}

/** The port `stream-sim serve` listens on unless told otherwise (kinesalite's own default). */
export const DEFAULT_SERVE_PORT = 4567;

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

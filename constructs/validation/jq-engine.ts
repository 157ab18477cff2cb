/**
 * Runs real jq (jq 1.7.1 compiled to WebAssembly: the `jq-wasm` package, pinned at 1.0.1,
 * https://github.com/owenthereal/jq-wasm) synchronously, for the synth-time checks of Firehose's JQ partitioning
 * queries.
 *
 * Synth is synchronous and jq-wasm's API is a promise, so jq runs in a worker thread the first check starts (once
 * per process, ≈50 ms) and the caller waits for each answer with `Atomics.wait`. The worker never keeps the process
 * alive (it and its port are unref'd, and its standard streams are the process's own: piped ones would hold it).
 * Every answer is cached by filter, input and flags: the same query is run once per process.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

/** One jq run: `jq <flags> <filter>` with `input` on standard input. */
export interface JqRun {
  readonly filter: string;
  /** Standard input (JSON texts). @default "null" */
  readonly input?: string;
  /** jq's command-line flags, e.g. `["-c"]`. @default [] */
  readonly flags?: readonly string[];
}

/** What jq did: its standard output (trimmed), or its error message when it failed. */
export type JqOutcome = { readonly ok: true; readonly output: string } | { readonly ok: false; readonly error: string };

/** How long one batch may take before the check gives up (a stuck or missing worker), in milliseconds. */
const BATCH_TIMEOUT_MS = 60_000;

/**
 * Runs a jq-wasm instance serves before a fresh one replaces it. An instance of jq-wasm 1.0.1 fails every call after
 * its 314th ("memory access out of bounds"; a call that ends in a jq error hangs instead, from about the 318th),
 * whatever the filter or input; a new one costs ≈6 ms.
 */
const RUNS_PER_INSTANCE = 250;
/** Runs sent to the worker at once: each batch has its own timeout (a run takes about a millisecond). */
const RUNS_PER_BATCH = 200;

/**
 * The worker: plain JavaScript (evaluated, so it needs no build step), jq-wasm's Emscripten module loaded from the
 * path it is given (its `raw(input, filter, flags)` runs `jq -M <flags> <filter> /dev/stdin` and throws jq's
 * standard error when there is no output). A run that crashes the instance is run once more on a fresh one. A
 * module that cannot be loaded or instantiated is fatal for the batch (an installation problem, not the query's).
 * Each answer carries its batch's id.
 */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, signal } = workerData;
const flag = new Int32Array(signal);
const CRASH = /memory access out of bounds|Aborted\\(/;
let factory;
let instance;
let runsLeft = 0;
async function fresh() {
  factory = factory || require(workerData.jqPath);
  instance = await (factory.default || factory)();
  runsLeft = ${RUNS_PER_INSTANCE};
}
const text = (error) => String((error && error.message) || error);
port.on("message", async ({ id, runs }) => {
  const outcomes = [];
  let fatal;
  try {
    for (const run of runs) {
      if (runsLeft === 0) await fresh();
      runsLeft--;
      let message;
      let crashed = false;
      try {
        outcomes.push({ ok: true, output: await instance.raw(run.input, run.filter, run.flags) });
        continue;
      } catch (error) {
        message = text(error);
        // A WebAssembly trap (RuntimeError: unreachable, out-of-bounds access) or an Emscripten abort.
        crashed = (error && error.name === "RuntimeError") || CRASH.test(message);
      }
      if (crashed) {
        await fresh();
        runsLeft--;
        try {
          outcomes.push({ ok: true, output: await instance.raw(run.input, run.filter, run.flags) });
          continue;
        } catch (again) {
          message = text(again);
          // Crashed twice: the next run starts on a fresh instance (a crashed one can hang on its next call).
          runsLeft = 0;
        }
      }
      outcomes.push({ ok: false, error: message });
    }
  } catch (error) {
    fatal = text(error);
  }
  port.postMessage(fatal === undefined ? { id, outcomes } : { id, fatal });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

interface Engine {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

let engine: Engine | undefined;
let batches = 0;
const cache = new Map<string, JqOutcome>();

function start(): Engine {
  if (engine !== undefined) return engine;
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { jqPath: require.resolve("jq-wasm/dist/build/jq.js"), port: port2, signal },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  engine = { worker, port: port1, flag: new Int32Array(signal) };
  return engine;
}

const keyOf = (run: Required<JqRun>): string => JSON.stringify([run.filter, run.input, run.flags]);

/** Sends one batch to the worker and waits for its answer; a timeout or a fatal answer stops the worker. */
function runBatch(runs: readonly Required<JqRun>[]): JqOutcome[] {
  const e = start();
  const id = ++batches;
  Atomics.store(e.flag, 0, 0);
  e.port.postMessage({ id, runs });
  const stop = (): void => {
    void e.worker.terminate();
    engine = undefined;
  };
  if (Atomics.wait(e.flag, 0, 0, BATCH_TIMEOUT_MS) === "timed-out") {
    stop();
    throw new Error(`jq (jq-wasm) did not answer ${runs.length} runs within ${BATCH_TIMEOUT_MS / 1000} s`);
  }
  const answer = receiveMessageOnPort(e.port)?.message as { id: number; outcomes?: JqOutcome[]; fatal?: string } | undefined;
  if (answer === undefined || answer.id !== id || answer.outcomes === undefined || answer.outcomes.length !== runs.length) {
    stop();
    throw new Error(`jq (jq-wasm) could not run${answer?.fatal !== undefined ? `: ${answer.fatal}` : ""}`);
  }
  return answer.outcomes;
}

/**
 * Runs each `run` through jq, in order, and returns what jq did with each (cached per process). Throws an `Error`
 * only when jq itself cannot run (jq-wasm missing or broken, or no answer in time): that is an installation
 * problem, not a user's.
 */
export function runJq(runs: readonly JqRun[]): JqOutcome[] {
  const full = runs.map((r) => ({ filter: r.filter, input: r.input ?? "null", flags: [...(r.flags ?? [])] }));
  const missing = [...new Map(full.filter((r) => !cache.has(keyOf(r))).map((r) => [keyOf(r), r])).values()];
  for (let i = 0; i < missing.length; i += RUNS_PER_BATCH) {
    const batch = missing.slice(i, i + RUNS_PER_BATCH);
    runBatch(batch).forEach((outcome, j) => cache.set(keyOf(batch[j]), outcome));
  }
  return full.map((r) => cache.get(keyOf(r))!);
}

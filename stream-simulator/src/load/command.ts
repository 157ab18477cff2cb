/**
 * `stream-sim load <workload.json> --stream NAME [--endpoint URL]`: replays the workload model against a Kinesis
 * endpoint with a real producer (producer.ts), then reports what it observed beside the simulator's prediction for the
 * same workload, duration, rate and capacity (the capacity read from the stream: its mode and open shards).
 *
 * The client is the AWS SDK for JavaScript v3 with the HTTP/1.1 handler (`NodeHttpHandler`, keep-alive, one socket
 * per request in flight): the SDK's default Kinesis handler speaks HTTP/2, which plain-HTTP local endpoints do not.
 * Without --endpoint it uses the default AWS credential chain and region (or --region), so the same command
 * load-tests a real stream. With --endpoint and no AWS_ACCESS_KEY_ID in the environment, fixed local credentials are
 * used (a local endpoint does not check them).
 */
import * as http from "node:http";
import * as https from "node:https";
import { performance } from "node:perf_hooks";
import type * as KinesisSdk from "@aws-sdk/client-kinesis";
import type * as HttpHandlerModule from "@smithy/node-http-handler";
import { ShardMap, type ShardRange } from "../routing";
import { simulate } from "../simulate";
import { resolveWorkload } from "../workload";
import type { StreamCapacitySpec, Workload } from "../types";
import { createProgressBar, type ProgressStream } from "../report/progress";
import { requireOptional } from "../serve/kinesalite";
import { predictAsSent } from "./as-sent";
import { Producer, type FailureMode } from "./producer";
import { RecordSchedule } from "./records";
import { loadReportOf, type LoadReport } from "./report";

export interface LoadCommand {
  readonly workload: Workload;
  readonly workloadFile: string;
  readonly stream: string;
  readonly endpoint?: string;
  readonly region?: string;
  /** Overrides the workload's durationSeconds. */
  readonly durationSeconds?: number;
  readonly rateScale: number;
  readonly worker: { readonly index: number; readonly count: number };
  readonly onFailure: FailureMode;
  /** PutRecords requests in flight at most. */
  readonly concurrency: number;
  /** Entity keys: the key naming (ExplicitHashKeys follow its placement; the prediction uses it). */
  readonly keyNaming: number;
  /** Epoch ms to start at (cooperating workers start together). */
  readonly startAtMs?: number;
}

export interface LoadIo {
  readonly stderr: ProgressStream;
  /** Whether the results go to a terminal (the progress bar is drawn only then). */
  readonly resultsToTerminal: boolean;
  readonly progressDelayMs?: number;
}

const PURPOSE = "stream-sim load";
/** Kinesis routes records to open shards only: a stream's open shards and its mode. */
async function describe(client: KinesisSdk.KinesisClient, sdk: typeof KinesisSdk, stream: string): Promise<{ map: ShardMap; capacity: StreamCapacitySpec }> {
  const summary = await client.send(new sdk.DescribeStreamSummaryCommand({ StreamName: stream }));
  const ranges: ShardRange[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(token ? new sdk.ListShardsCommand({ NextToken: token }) : new sdk.ListShardsCommand({ StreamName: stream }));
    for (const s of page.Shards ?? []) {
      if (s.SequenceNumberRange?.EndingSequenceNumber !== undefined) continue;
      ranges.push({ shardId: s.ShardId!, index: ranges.length, startingHashKey: BigInt(s.HashKeyRange!.StartingHashKey!), endingHashKey: BigInt(s.HashKeyRange!.EndingHashKey!) });
    }
    token = page.NextToken;
  } while (token);
  const map = ShardMap.fromRanges(ranges);
  const onDemand = summary.StreamDescriptionSummary?.StreamModeDetails?.StreamMode === "ON_DEMAND";
  return { map, capacity: onDemand ? { mode: "on-demand" } : { mode: "provisioned", shards: map.shardCount } };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(cmd: LoadCommand, io: LoadIo): Promise<LoadReport> {
  const sdk = requireOptional<typeof KinesisSdk>("@aws-sdk/client-kinesis", PURPOSE);
  const { NodeHttpHandler } = requireOptional<typeof HttpHandlerModule>("@smithy/node-http-handler", PURPOSE);
  const w = resolveWorkload(cmd.workload);
  const D = cmd.durationSeconds ?? w.durationSeconds;
  const agentOptions = { keepAlive: true, maxSockets: cmd.concurrency };
  const local = cmd.endpoint !== undefined && process.env.AWS_ACCESS_KEY_ID === undefined;
  // --region, else the environment's (the SDK reads AWS_REGION only; the AWS CLI's AWS_DEFAULT_REGION counts too),
  // else the workload's for a local endpoint, else the SDK's own chain (the shared config file's profile).
  const region = cmd.region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || (cmd.endpoint !== undefined ? w.region : undefined));
  const client = new sdk.KinesisClient({
    ...(cmd.endpoint !== undefined ? { endpoint: cmd.endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(local ? { credentials: { accessKeyId: "stream-sim", secretAccessKey: "stream-sim" } } : {}),
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent(agentOptions), httpsAgent: new https.Agent(agentOptions) }),
    // Failed entries are the producer's to retry (or not): the SDK's own retries are off.
    maxAttempts: 1,
  });
  try {
    const { map, capacity } = await describe(client, sdk, cmd.stream);
    const schedule = new RecordSchedule(w, { durationSeconds: D, rateScale: cmd.rateScale, worker: cmd.worker, keyNaming: cmd.keyNaming });
    const payload = Buffer.alloc(w.recordBytes, 0x61);
    const producer = new Producer({
      client,
      streamName: cmd.stream,
      map,
      producer: w.producer,
      onFailure: cmd.onFailure,
      maxRecordBytes: w.maxRecordBytes,
      concurrency: cmd.concurrency,
      now: () => performance.now() - start,
      log: (line) => io.stderr.write(`stream-sim load: ${line}\n`),
    });
    if (cmd.startAtMs !== undefined) await sleep(Math.max(0, cmd.startAtMs - Date.now()));
    const bar = createProgressBar(io.stderr, { label: "load", resultsToTerminal: io.resultsToTerminal, ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}) });
    const start = performance.now();
    try {
      while (!schedule.done) {
        const elapsed = performance.now() - start;
        for (const r of schedule.take(elapsed)) producer.offer(r.partitionKey, r.explicitHashKey, payload, r.offeredMs);
        producer.tick();
        bar.update(elapsed / (D * 1000));
        await sleep(2);
      }
      await producer.drain();
    } finally {
      bar.done();
    }
    const predictedWorkload: Workload = {
      ...cmd.workload,
      durationSeconds: D,
      recordsPerSecond: schedule.rate,
      producer: { ...cmd.workload.producer, maxRetries: cmd.onFailure === "log" ? 0 : w.producer.maxRetries },
    };
    const prediction = simulate(predictedWorkload, { capacity, keyNaming: cmd.keyNaming });
    const stats = producer.stats;
    const asSent =
      capacity.mode === "provisioned"
        ? predictAsSent(
            predictedWorkload,
            stats.perShard.map((s) => ({ shardId: s.shardId, sentBySecond: s.firstAttemptsSentBySecond })),
            Math.max(0, stats.lastFirstAttemptSentMs) / 1000,
          )
        : undefined;
    return loadReportOf(
      {
        workloadFile: cmd.workloadFile,
        stream: cmd.stream,
        endpoint: cmd.endpoint ?? "AWS",
        worker: cmd.worker,
        durationSeconds: D,
        rateScale: cmd.rateScale,
        onFailure: cmd.onFailure,
        capacity,
      },
      stats,
      prediction,
      asSent,
    );
  } finally {
    client.destroy();
  }
}

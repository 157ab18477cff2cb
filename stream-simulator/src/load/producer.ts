/**
 * The load generator's producer: what a stream-processor Kinesis output or the KPL does with user records, over a
 * real Kinesis API with the AWS SDK for JavaScript v3 (`PutRecords`):
 * - collection: requests of at most `maxBatchRecords` (≤ 500) Kinesis records and `maxBatchBytes` (≤ 10 MiB, data +
 *   partition keys), sent when full or when the oldest buffered user record has waited `lingerMs`;
 * - aggregation (optional): user records packed per predicted shard in the KPL format (aggregate.ts), at most
 *   `aggregationMaxBytes` each;
 * - oversized records (data + partition key above the stream's maximum record size) are rejected before sending;
 * - failed entries (ProvisionedThroughputExceededException, InternalFailure) are either retried after
 *   `retryBackoffMs · 2^attempt` up to `maxRetries` times ("retry"), or only counted and logged ("log"), as producers
 *   in the wild do either;
 * - at most `concurrency` requests in flight; what waits for a free slot waits in order.
 * Everything observed is counted per shard (the ShardId of the stream's answer) and per user record (first attempt
 * throttled, lost, latency from offer to acceptance).
 */
import { PutRecordsCommand, type KinesisClient, type PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import type { ShardMap } from "../routing";
import type { ProducerSpec } from "../types";
import { Aggregate, type KinesisRecordEntry } from "./aggregate";

/** What happens to entries a PutRecords answer says failed. */
export type FailureMode = "retry" | "log";

export interface ProducerOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** The stream's open shards (aggregation groups by predicted shard; unknown shards are attributed by it). */
  readonly map: ShardMap;
  readonly producer: Required<ProducerSpec>;
  readonly onFailure: FailureMode;
  /** The stream's maximum record size (data + partition key), bytes. */
  readonly maxRecordBytes: number;
  readonly concurrency: number;
  /** Milliseconds since the run started. */
  readonly now: () => number;
  /** A line for the operator (stderr), at most about one a second. */
  readonly log: (line: string) => void;
}

/** One user record on its way. */
interface InFlightUser {
  readonly offeredMs: number;
  firstAttemptFailed: boolean;
}

interface Entry {
  readonly record: KinesisRecordEntry;
  readonly bytes: number;
  readonly users: InFlightUser[];
  readonly shard: number;
  attempts: number;
}

export interface ShardObservation {
  readonly shardId: string;
  acceptedUserRecords: number;
  acceptedKinesisRecords: number;
  acceptedBytes: number;
  /** User records whose first attempt this shard throttled. */
  firstAttemptThrottled: number;
  /** Failed entries (each attempt). */
  throttleEvents: number;
  /** User records offered to this shard (first attempts). */
  offeredUserRecords: number;
  /**
   * User records whose first attempt was sent to this shard in each second of the run (by the time the request left,
   * not the time the schedule offered them): the traffic the stream actually saw, for the prediction "as sent".
   */
  readonly firstAttemptsSentBySecond: number[];
}

export interface ProducerStats {
  offered: number;
  rejected: number;
  accepted: number;
  firstAttemptThrottled: number;
  lost: number;
  retried: number;
  requests: number;
  requestErrors: number;
  /** When the last first attempt was sent, ms since the run started (−1 before any). */
  lastFirstAttemptSentMs: number;
  readonly perShard: ShardObservation[];
  /** Offer-to-acceptance latency of accepted user records, ms (1 ms bins). */
  readonly latency: number[];
}

/** Latency percentile from 1 ms bins. */
export function percentile(hist: readonly number[], q: number): number {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i] ?? 0;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let cum = 0;
  for (let i = 0; i < hist.length; i++) {
    cum += hist[i] ?? 0;
    if (cum >= rank) return i;
  }
  return hist.length - 1;
}

export class Producer {
  public readonly stats: ProducerStats;
  private batch: Entry[] = [];
  private batchBytes = 0;
  private oldestMs = Infinity;
  private readonly aggregates = new Map<number, { agg: Aggregate; users: InFlightUser[]; firstMs: number }>();
  private readonly waiting: Entry[][] = [];
  private inFlight = 0;
  private readonly retries: { dueMs: number; entry: Entry }[] = [];
  private readonly idle: (() => void)[] = [];
  private lastLogMs = -Infinity;
  private failedSinceLog = 0;
  private readonly shardIndex = new Map<string, number>();

  public constructor(private readonly o: ProducerOptions) {
    const perShard = o.map.ranges.map((r, i) => {
      this.shardIndex.set(r.shardId, i);
      return { shardId: r.shardId, acceptedUserRecords: 0, acceptedKinesisRecords: 0, acceptedBytes: 0, firstAttemptThrottled: 0, throttleEvents: 0, offeredUserRecords: 0, firstAttemptsSentBySecond: [] };
    });
    this.stats = { offered: 0, rejected: 0, accepted: 0, firstAttemptThrottled: 0, lost: 0, retried: 0, requests: 0, requestErrors: 0, lastFirstAttemptSentMs: -1, perShard, latency: [] };
  }

  /** Offers one user record at `offeredMs`. */
  public offer(partitionKey: string, explicitHashKey: string | undefined, data: Buffer, offeredMs: number): void {
    this.stats.offered++;
    const bytes = data.length + Buffer.byteLength(partitionKey, "utf8");
    if (bytes > this.o.maxRecordBytes) {
      this.stats.rejected++;
      return;
    }
    const shard = this.o.map.indexFor(partitionKey, explicitHashKey);
    this.stats.perShard[shard].offeredUserRecords++;
    const user: InFlightUser = { offeredMs, firstAttemptFailed: false };
    const p = this.o.producer;
    const record = { partitionKey, ...(explicitHashKey !== undefined ? { explicitHashKey } : {}), data };
    if (!p.aggregation || Aggregate.tooLargeAlone(record, p.aggregationMaxBytes)) {
      this.add({ record, bytes, users: [user], shard, attempts: 0 }, offeredMs);
      return;
    }
    let a = this.aggregates.get(shard);
    if (a !== undefined && !a.agg.tryAdd(record)) {
      this.closeAggregate(shard);
      a = undefined;
    }
    if (a === undefined) {
      a = { agg: new Aggregate(p.aggregationMaxBytes), users: [], firstMs: offeredMs };
      a.agg.tryAdd(record);
      this.aggregates.set(shard, a);
      if (offeredMs < this.oldestMs) this.oldestMs = offeredMs;
    }
    a.users.push(user);
  }

  private closeAggregate(shard: number): void {
    const a = this.aggregates.get(shard);
    if (a === undefined) return;
    this.aggregates.delete(shard);
    const record = a.agg.toKinesisRecord();
    const bytes = record.data.length + Buffer.byteLength(record.partitionKey, "utf8");
    this.add({ record, bytes, users: a.users, shard, attempts: 0 }, a.firstMs);
  }

  private add(e: Entry, offeredMs: number): void {
    const p = this.o.producer;
    if (this.batch.length > 0 && this.batchBytes + e.bytes > p.maxBatchBytes) this.sendBatch();
    this.batch.push(e);
    this.batchBytes += e.bytes;
    if (offeredMs < this.oldestMs) this.oldestMs = offeredMs;
    if (this.batch.length >= p.maxBatchRecords) this.sendBatch();
  }

  private sendBatch(): void {
    if (this.batch.length === 0) return;
    this.dispatch(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    this.oldestMs = Infinity;
    for (const a of this.aggregates.values()) if (a.firstMs < this.oldestMs) this.oldestMs = a.firstMs;
  }

  /** Sends what has lingered long enough and the retries that are due; call often (every few ms). */
  public tick(): void {
    const now = this.o.now();
    if (this.oldestMs + this.o.producer.lingerMs <= now) this.flush();
    const due: Entry[] = [];
    for (let i = this.retries.length - 1; i >= 0; i--) {
      if (this.retries[i].dueMs <= now) {
        due.push(this.retries[i].entry);
        this.retries.splice(i, 1);
      }
    }
    due.reverse();
    const p = this.o.producer;
    let group: Entry[] = [];
    let bytes = 0;
    for (const e of due) {
      if (group.length > 0 && (group.length >= p.maxBatchRecords || bytes + e.bytes > p.maxBatchBytes)) {
        this.dispatch(group);
        group = [];
        bytes = 0;
      }
      group.push(e);
      bytes += e.bytes;
    }
    if (group.length > 0) this.dispatch(group);
    if (this.failedSinceLog > 0 && now - this.lastLogMs >= 1000) {
      this.o.log(
        `${(now / 1000).toFixed(1)} s: ${this.failedSinceLog} PutRecords entries failed in the last second (${this.o.onFailure === "retry" ? "retrying with backoff" : "logged, not retried"})`,
      );
      this.failedSinceLog = 0;
      this.lastLogMs = now;
    }
  }

  /** Sends everything buffered: open aggregates and the batch. */
  public flush(): void {
    for (const shard of [...this.aggregates.keys()]) this.closeAggregate(shard);
    this.sendBatch();
  }

  /** True when nothing is buffered, in flight, waiting for a slot or for a retry. */
  public get drained(): boolean {
    return this.batch.length === 0 && this.aggregates.size === 0 && this.inFlight === 0 && this.waiting.length === 0 && this.retries.length === 0;
  }

  private dispatch(entries: Entry[]): void {
    if (this.inFlight >= this.o.concurrency) {
      this.waiting.push(entries);
      return;
    }
    this.inFlight++;
    this.stats.requests++;
    this.countFirstAttempts(entries);
    const records = entries.map((e) => ({
      PartitionKey: e.record.partitionKey,
      Data: e.record.data,
      ...(e.record.explicitHashKey !== undefined ? { ExplicitHashKey: e.record.explicitHashKey } : {}),
    }));
    this.o.client
      .send(new PutRecordsCommand({ StreamName: this.o.streamName, Records: records }))
      .then(
        (r) => this.settle(entries, r.Records ?? []),
        (err: Error) => {
          this.stats.requestErrors++;
          this.o.log(`PutRecords of ${entries.length} records failed: ${err.name}: ${err.message}`);
          this.settle(entries, entries.map(() => ({ ErrorCode: err.name })));
        },
      )
      .finally(() => {
        this.inFlight--;
        const next = this.waiting.shift();
        if (next !== undefined) this.dispatch(next);
        if (this.drained) for (const f of this.idle.splice(0)) f();
      });
  }

  /** Counts the first attempts among `entries`, sent now, in their shards' seconds. */
  private countFirstAttempts(entries: readonly Entry[]): void {
    const now = this.o.now();
    const second = Math.max(0, Math.floor(now / 1000));
    let any = false;
    for (const e of entries) {
      if (e.attempts !== 0) continue;
      const bySecond = this.stats.perShard[e.shard].firstAttemptsSentBySecond;
      while (bySecond.length <= second) bySecond.push(0);
      bySecond[second] += e.users.length;
      any = true;
    }
    if (any) this.stats.lastFirstAttemptSentMs = now;
  }

  private settle(entries: Entry[], results: readonly PutRecordsResultEntry[]): void {
    const now = this.o.now();
    const p = this.o.producer;
    entries.forEach((e, i) => {
      const r = results[i];
      const failed = r === undefined || r.ErrorCode !== undefined;
      const shard = (r?.ShardId !== undefined ? this.shardIndex.get(r.ShardId) : undefined) ?? e.shard;
      const s = this.stats.perShard[shard];
      if (!failed) {
        this.stats.accepted += e.users.length;
        s.acceptedUserRecords += e.users.length;
        s.acceptedKinesisRecords++;
        s.acceptedBytes += e.bytes;
        for (const u of e.users) {
          const bin = Math.max(0, Math.floor(now - u.offeredMs));
          this.stats.latency[bin] = (this.stats.latency[bin] ?? 0) + 1;
        }
        return;
      }
      s.throttleEvents++;
      this.failedSinceLog++;
      if (e.attempts === 0) {
        for (const u of e.users) u.firstAttemptFailed = true;
        this.stats.firstAttemptThrottled += e.users.length;
        s.firstAttemptThrottled += e.users.length;
      }
      if (this.o.onFailure === "retry" && e.attempts < p.maxRetries) {
        this.retries.push({ dueMs: now + p.retryBackoffMs * 2 ** e.attempts, entry: e });
        e.attempts++;
        this.stats.retried += e.users.length;
      } else this.stats.lost += e.users.length;
    });
  }

  /** Resolves once everything offered has been accepted or given up (ticking meanwhile). */
  public async drain(): Promise<void> {
    this.flush();
    while (!this.drained) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5);
        this.idle.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
      this.tick();
    }
  }
}

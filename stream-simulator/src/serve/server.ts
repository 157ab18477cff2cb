/**
 * `stream-sim serve`: a Kinesis Data Streams endpoint on 127.0.0.1 that throttles as the simulator's limits say.
 *
 * It speaks the Kinesis API as the AWS SDKs and the AWS CLI send it: AWS JSON 1.1 over HTTP/1.1, `POST /` with
 * `Content-Type: application/x-amz-json-1.1` and `X-Amz-Target: Kinesis_20131202.<Operation>` (botocore's kinesis
 * service-2.json metadata: protocol "json", jsonVersion "1.1", targetPrefix "Kinesis_20131202"; @aws-sdk/client-kinesis
 * uses AwsJson1_1Protocol). Requests are handled by kinesalite, running in-process behind it (kinesalite.ts); in front
 * of it, this module applies the limits in real time (stream-limiters.ts):
 * - PutRecord / PutRecords: each record through its shard's write buckets (or the on-demand rule); a throttled
 *   PutRecord answers ProvisionedThroughputExceededException, a PutRecords answers per entry in request order with
 *   ErrorCode / ErrorMessage and FailedRecordCount, only the accepted entries reaching kinesalite; request limits
 *   (500 records, 10 MiB payload, the record size) checked first;
 * - GetRecords: the shard's shared read limits (5 calls/s, 2 MiB/s as a debt), responses cut at 10 MiB;
 * - GetShardIterator: 5 calls/s per shard;
 * - CreateStream: provisioned (ShardCount) or on-demand (StreamModeDetails); the stream's mode is added to
 *   DescribeStream / DescribeStreamSummary, which kinesalite does not know.
 * What kinesalite rejects (bad input, unknown stream, missing auth) it answers itself: an unusual request is forwarded
 * as it came. Operations neither implements answer UnknownOperationException naming them. CBOR (the Java SDK's
 * default) is refused with a message saying how to turn it off.
 */
import * as http from "node:http";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { KINESIS_LIMITS, isLargeQuotaRegion } from "../limits";
import { parseExplicitHashKey, type ShardRange } from "../routing";
import type { OnDemandStart } from "../on-demand-capacity";
import { writeLimitsOf, type WriteLimits } from "../write-limiter";
import { startKinesalite, type Kinesalite } from "./kinesalite";
import {
  THROUGHPUT_EXCEEDED,
  awsError,
  payloadTooLarge,
  readThrottledMessage,
  recordTooLarge,
  unsupportedOperation,
  writeThrottledMessage,
  type AwsError,
} from "./errors";
import { ServedStream, type ShardCounters, type StreamSettings } from "./stream-limiters";

/** A stream to create when the endpoint starts. */
export interface ServeStreamSpec {
  readonly name: string;
  /** Provisioned shard count; absent with `onDemand`. */
  readonly shards?: number;
  /** On-demand capacity (its start: new stream, previous peak, warm throughput). */
  readonly onDemand?: Omit<OnDemandStart, "tier"> & { readonly tier?: OnDemandStart["tier"] };
}

export interface ServeOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  readonly streams?: readonly ServeStreamSpec[];
  /** Millisecond clock of the limiters (monotonic). @default performance.now */
  readonly clock?: () => number;
  /** The region the endpoint reports (on-demand maxima, account shard quota). @default "us-east-1" */
  readonly region?: string;
  /**
   * Capacity of every shard's write byte bucket, bytes (1 MiB to 100 MiB): how far a shard may burst past 1 MiB/s.
   * AWS does not publish it; the limits table's `writeBurstBytes` is the default. 1 MiB is the strictest reading of
   * "1 MiB per second" (a producer can never get ahead of the refill). The records bucket keeps its 1,000.
   * @default KINESIS_LIMITS.writeBurstBytes (10 MiB)
   */
  readonly writeBurstBytes?: number;
}

export interface ServedEndpoint {
  readonly url: string;
  readonly port: number;
  /** Per stream, per shard (hash order): what the endpoint accepted and throttled. */
  counters(): ReadonlyMap<string, ReadonlyMap<string, Readonly<ShardCounters>>>;
  close(): Promise<void>;
}

const TARGET_PREFIX = "Kinesis_20131202.";
const AMZ_JSON = "application/x-amz-json-1.1";
const AMZ_CBOR = "application/x-amz-cbor-1.1";
/** Largest request body read: a 10 MiB PutRecords payload in base64 plus its keys and JSON. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Accepted PutRecords entries are passed to kinesalite in requests below its 7 MiB body limit. */
const FORWARD_CHUNK_BYTES = 5 * 1024 * 1024;

/** The operations kinesalite implements (its index.js `validOperations`), all served. */
export const SUPPORTED_OPERATIONS = [
  "AddTagsToStream",
  "CreateStream",
  "DecreaseStreamRetentionPeriod",
  "DeleteStream",
  "DescribeStream",
  "DescribeStreamSummary",
  "GetRecords",
  "GetShardIterator",
  "IncreaseStreamRetentionPeriod",
  "ListShards",
  "ListStreams",
  "ListTagsForStream",
  "MergeShards",
  "PutRecord",
  "PutRecords",
  "RemoveTagsFromStream",
  "SplitShard",
] as const;

const ON_DEMAND_SHARDS = KINESIS_LIMITS.onDemandInitialWriteBytesPerSecond.value / KINESIS_LIMITS.shardWriteBytesPerSecond.value;

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

interface RecordEntry {
  readonly Data: string;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
}

/** Bytes a base64 string decodes to. */
function base64Bytes(s: string): number {
  return Buffer.byteLength(s, "base64");
}

/** The stream name of a stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>). */
function streamNameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  const m = /^arn:aws[a-z-]*:kinesis:[^:]*:[^:]*:stream\/([a-zA-Z0-9_.-]+)$/.exec(arn);
  return m ? m[1] : undefined;
}

class Endpoint {
  private readonly settings = new Map<string, StreamSettings>();
  private readonly streams = new Map<string, Promise<ServedStream | undefined>>();
  private readonly views = new Map<string, ServedStream>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  public constructor(
    private readonly kl: Kinesalite,
    private readonly clock: () => number,
    private readonly region: string,
    private readonly writeLimits: WriteLimits,
  ) {}

  // ---- talking to kinesalite

  private send(operation: string, body: Buffer, headers: http.IncomingHttpHeaders): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const h: http.OutgoingHttpHeaders = { ...headers, host: `127.0.0.1:${this.kl.port}`, "content-length": body.length, "x-amz-target": `${TARGET_PREFIX}${operation}` };
      delete h.connection;
      delete h["transfer-encoding"];
      const req = http.request({ host: "127.0.0.1", port: this.kl.port, method: "POST", path: "/", headers: h, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Calls kinesalite with a JSON request of the endpoint's own (signed enough for kinesalite's checks). */
  private async call(operation: string, data: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const r = await this.send(operation, Buffer.from(JSON.stringify(data)), {
      "content-type": AMZ_JSON,
      authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
      "x-amz-date": "20260101T000000Z",
    });
    return { status: r.status, json: r.body.length > 0 ? (JSON.parse(r.body.toString("utf8")) as Record<string, unknown>) : {} };
  }

  // ---- streams

  /** The served view of a stream (loaded from kinesalite once, again after a reshard), or undefined when it is not active. */
  private stream(name: string): Promise<ServedStream | undefined> {
    let p = this.streams.get(name);
    if (p === undefined) {
      p = this.load(name);
      this.streams.set(name, p);
      p.then(
        (s) => {
          if (s === undefined) this.streams.delete(name);
        },
        () => this.streams.delete(name),
      );
    }
    return p;
  }

  private async load(name: string): Promise<ServedStream | undefined> {
    const d = await this.call("DescribeStreamSummary", { StreamName: name });
    const summary = d.json.StreamDescriptionSummary as { StreamStatus?: string; StreamARN?: string } | undefined;
    if (d.status !== 200 || summary === undefined || (summary.StreamStatus !== "ACTIVE" && summary.StreamStatus !== "UPDATING")) return undefined;
    const shards: { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string }; SequenceNumberRange: { EndingSequenceNumber?: string } }[] = [];
    let token: string | undefined;
    do {
      const page = await this.call("ListShards", token ? { NextToken: token } : { StreamName: name });
      if (page.status !== 200) return undefined;
      shards.push(...((page.json.Shards as typeof shards) ?? []));
      token = page.json.NextToken as string | undefined;
    } while (token);
    const open: ShardRange[] = shards
      .filter((s) => s.SequenceNumberRange.EndingSequenceNumber === undefined)
      .map((s, index) => ({ shardId: s.ShardId, index, startingHashKey: BigInt(s.HashKeyRange.StartingHashKey), endingHashKey: BigInt(s.HashKeyRange.EndingHashKey) }));
    const account = /^arn:aws[a-z-]*:kinesis:[^:]*:([^:]*):/.exec(summary.StreamARN ?? "")?.[1] ?? "000000000000";
    const settings = this.settings.get(name) ?? { mode: "PROVISIONED", maxRecordBytes: KINESIS_LIMITS.defaultMaxRecordBytes.value, region: this.region, writeLimits: this.writeLimits };
    const view = new ServedStream(name, account, settings, open, shards.map((s) => s.ShardId), this.clock(), this.views.get(name));
    this.views.set(name, view);
    // While kinesalite is still applying a reshard, the next request looks again.
    if (summary.StreamStatus === "UPDATING") queueMicrotask(() => this.streams.delete(name));
    return view;
  }

  /** Creates a stream as CreateStream would (used for the streams given at start). */
  public async create(spec: ServeStreamSpec): Promise<void> {
    const body: Record<string, unknown> = { StreamName: spec.name };
    if (spec.onDemand !== undefined) body.StreamModeDetails = { StreamMode: "ON_DEMAND" };
    else body.ShardCount = spec.shards;
    const r = await this.createStream(body, spec.onDemand);
    if (r.status !== 200) throw new Error(`cannot create stream ${spec.name}: ${r.body.toString("utf8")}`);
  }

  private async createStream(data: Record<string, unknown>, onDemand?: ServeStreamSpec["onDemand"], headers?: http.IncomingHttpHeaders): Promise<Reply> {
    const mode = (data.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode === "ON_DEMAND" ? "ON_DEMAND" : "PROVISIONED";
    const maxKiB = data.MaxRecordSizeInKiB;
    const defaultKiB = KINESIS_LIMITS.defaultMaxRecordBytes.value / 1024;
    if (maxKiB !== undefined && maxKiB !== defaultKiB) {
      return this.errorReply(
        awsError(
          "InvalidArgumentException",
          `stream-sim serve stores records of at most ${defaultKiB} KiB (kinesalite): MaxRecordSizeInKiB ${String(maxKiB)} is not supported`,
        ),
      );
    }
    const forwarded = { ...data };
    if (mode === "ON_DEMAND") forwarded.ShardCount = ON_DEMAND_SHARDS;
    const name = String(data.StreamName);
    const r = headers ? await this.send("CreateStream", Buffer.from(JSON.stringify(forwarded)), headers) : await this.rawCall("CreateStream", forwarded);
    if (r.status === 200) {
      this.settings.set(name, {
        mode,
        maxRecordBytes: KINESIS_LIMITS.defaultMaxRecordBytes.value,
        region: this.region,
        writeLimits: this.writeLimits,
        ...(mode === "ON_DEMAND" ? { onDemand: { tier: "standard", ...onDemand } } : {}),
      });
      this.forget(name);
    }
    return r;
  }

  private async rawCall(operation: string, data: unknown): Promise<Reply> {
    const r = await this.call(operation, data);
    return { status: r.status, headers: { "content-type": AMZ_JSON }, body: Buffer.from(JSON.stringify(r.json)) };
  }

  private forget(name: string): void {
    this.streams.delete(name);
  }

  public counters(): Map<string, ReadonlyMap<string, Readonly<ShardCounters>>> {
    const out = new Map<string, ReadonlyMap<string, Readonly<ShardCounters>>>();
    for (const [name, view] of [...this.views].sort(([a], [b]) => (a < b ? -1 : 1))) out.set(name, view.counters());
    return out;
  }

  // ---- requests

  private errorReply(e: AwsError): Reply {
    return { status: e.statusCode, headers: { "content-type": AMZ_JSON }, body: Buffer.from(JSON.stringify(e.body)) };
  }

  private jsonReply(data: unknown): Reply {
    return { status: 200, headers: { "content-type": AMZ_JSON }, body: Buffer.from(JSON.stringify(data)) };
  }

  public async handle(req: http.IncomingMessage, body: Buffer): Promise<Reply> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const contentType = String(req.headers["content-type"] ?? "").split(";")[0].trim();
    const forward = (): Promise<Reply> => this.send(operation, body, req.headers);
    if (req.method !== "POST" || operation === "") return forward();
    if (contentType === AMZ_CBOR) {
      return this.errorReply(
        awsError(
          "SerializationException",
          "stream-sim serve speaks AWS JSON 1.1 only: turn CBOR off in the client (AWS SDK for Java 2.x: CBOR_ENABLED=false or -Daws.cborEnabled=false; 1.x and the KCL: AWS_CBOR_DISABLE=true or -Dcom.amazonaws.sdk.disableCbor)",
        ),
      );
    }
    if (!(SUPPORTED_OPERATIONS as readonly string[]).includes(operation)) return this.errorReply(unsupportedOperation(operation, SUPPORTED_OPERATIONS));
    if (contentType !== AMZ_JSON || !(req.headers.authorization || /[?&]X-Amz-Algorithm=/.test(req.url ?? ""))) return forward();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return forward();
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return forward();
    const raw = parsed as Record<string, unknown>;
    // Requests naming the stream by ARN only (kinesalite knows StreamName).
    const byArn = raw.StreamName === undefined ? streamNameOfArn(raw.StreamARN) : undefined;
    if (byArn !== undefined) raw.StreamName = byArn;
    // The mode and record size are the endpoint's to keep; kinesalite validates the rest (it needs a ShardCount).
    if (operation === "CreateStream") return this.createStream(raw, undefined, req.headers);
    const valid = this.kl.validate(operation, { ...raw }).data;
    if (valid === undefined) return forward();
    const json = (data: unknown): Promise<Reply> => this.send(operation, Buffer.from(JSON.stringify(data)), req.headers);
    switch (operation) {
      case "PutRecord":
      case "PutRecords":
        return this.put(operation, valid, json);
      case "GetRecords":
        return this.getRecords(valid, json);
      case "GetShardIterator": {
        const s = await this.stream(String(valid.StreamName));
        const shardId = String(valid.ShardId);
        if (s !== undefined && s.hasShard(shardId) && !s.admitIterator(shardId, this.clock())) {
          return this.errorReply(awsError(THROUGHPUT_EXCEEDED, readThrottledMessage(shardId, s.name, s.account)));
        }
        return json(raw);
      }
      case "DescribeStream":
      case "DescribeStreamSummary":
        return this.withMode(operation, await json(raw));
      default: {
        const r = await json(raw);
        // Streams deleted or resharded are looked up again.
        if (r.status === 200 && typeof valid.StreamName === "string") {
          if (operation === "DeleteStream") this.settings.delete(valid.StreamName);
          if (operation === "DeleteStream" || operation === "SplitShard" || operation === "MergeShards") this.forget(valid.StreamName);
        }
        return r;
      }
    }
  }

  /** DescribeStream(Summary) with the stream's mode, which kinesalite does not report. */
  private withMode(operation: string, r: Reply): Reply {
    if (r.status !== 200) return r;
    const doc = JSON.parse(r.body.toString("utf8")) as Record<string, Record<string, unknown>>;
    const d = operation === "DescribeStream" ? doc.StreamDescription : doc.StreamDescriptionSummary;
    if (d !== undefined && typeof d.StreamName === "string") {
      d.StreamModeDetails = { StreamMode: this.settings.get(d.StreamName)?.mode ?? "PROVISIONED" };
    }
    return this.jsonReply(doc);
  }

  private async put(operation: "PutRecord" | "PutRecords", data: Record<string, unknown>, json: (d: unknown) => Promise<Reply>): Promise<Reply> {
    const name = String(data.StreamName);
    const stream = await this.stream(name);
    if (stream === undefined) return json(data);
    const single = operation === "PutRecord";
    const records = (single ? [data] : (data.Records as RecordEntry[])) as RecordEntry[];
    const sizes = new Array<number>(records.length);
    let total = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.ExplicitHashKey !== undefined) {
        try {
          parseExplicitHashKey(r.ExplicitHashKey);
        } catch {
          return json(data); // kinesalite answers InvalidArgumentException with AWS's message
        }
      }
      sizes[i] = base64Bytes(r.Data) + Buffer.byteLength(r.PartitionKey, "utf8");
      if (sizes[i] > stream.settings.maxRecordBytes) return this.errorReply(recordTooLarge(single ? undefined : i, sizes[i], stream.settings.maxRecordBytes, name));
      total += sizes[i];
    }
    if (!single && total > KINESIS_LIMITS.putRecordsMaxBytes.value) return this.errorReply(payloadTooLarge(KINESIS_LIMITS.putRecordsMaxBytes.value));
    const now = this.clock();
    const outcomes = records.map((r, i) => stream.write(r.PartitionKey, r.ExplicitHashKey, sizes[i], now));
    if (single) {
      const o = outcomes[0];
      return o.accepted ? json(data) : this.errorReply(awsError(THROUGHPUT_EXCEEDED, writeThrottledMessage(o.shardId, name, stream.account)));
    }
    const results: Record<string, unknown>[] = new Array(records.length);
    let failed = 0;
    let chunk: number[] = [];
    let chunkBytes = 0;
    const flush = async (): Promise<Reply | undefined> => {
      if (chunk.length === 0) return undefined;
      const r = await json({ StreamName: name, Records: chunk.map((i) => records[i]) });
      if (r.status !== 200) return r;
      const written = (JSON.parse(r.body.toString("utf8")) as { Records: Record<string, unknown>[] }).Records;
      chunk.forEach((i, j) => (results[i] = written[j]));
      chunk = [];
      chunkBytes = 0;
      return undefined;
    };
    for (let i = 0; i < records.length; i++) {
      const o = outcomes[i];
      if (!o.accepted) {
        failed++;
        results[i] = { ErrorCode: THROUGHPUT_EXCEEDED, ErrorMessage: writeThrottledMessage(o.shardId, name, stream.account) };
        continue;
      }
      const b = records[i].Data.length + records[i].PartitionKey.length * 4 + (records[i].ExplicitHashKey?.length ?? 0) + 64;
      if (chunk.length > 0 && chunkBytes + b > FORWARD_CHUNK_BYTES) {
        const err = await flush();
        if (err) return err;
      }
      chunk.push(i);
      chunkBytes += b;
    }
    const err = await flush();
    if (err) return err;
    return this.jsonReply({ FailedRecordCount: failed, Records: results });
  }

  private async getRecords(data: Record<string, unknown>, json: (d: unknown) => Promise<Reply>): Promise<Reply> {
    const target = this.kl.iteratorTarget(String(data.ShardIterator));
    const stream = target ? await this.stream(target.streamName) : undefined;
    if (target === undefined || stream === undefined || !stream.hasShard(target.shardId)) return json(data);
    const admitted = stream.admitRead(target.shardId, this.clock());
    if (admitted !== "ok") return this.errorReply(awsError(THROUGHPUT_EXCEEDED, readThrottledMessage(target.shardId, stream.name, stream.account)));
    const r = await json(data);
    if (r.status !== 200) return r;
    const doc = JSON.parse(r.body.toString("utf8")) as { Records: { Data: string; PartitionKey: string; SequenceNumber: string }[]; NextShardIterator?: string };
    const max = KINESIS_LIMITS.getRecordsMaxBytes.value;
    let bytes = 0;
    let cut = -1;
    for (let i = 0; i < doc.Records.length; i++) {
      const b = base64Bytes(doc.Records[i].Data) + Buffer.byteLength(doc.Records[i].PartitionKey, "utf8");
      if (bytes + b > max) {
        cut = i;
        break;
      }
      bytes += b;
    }
    stream.chargeRead(target.shardId, bytes, this.clock());
    if (cut < 0) return r;
    doc.Records = doc.Records.slice(0, cut);
    doc.NextShardIterator = this.kl.iteratorAfter(stream.name, target.shardId, doc.Records[cut - 1].SequenceNumber);
    return this.jsonReply(doc);
  }
}

/** Reads a request body, refusing one above MAX_BODY_BYTES. */
function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () => resolve(n > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Bounds of `ServeOptions.writeBurstBytes`: a record of the maximum size must fit an empty-then-refilled bucket. */
export const SERVE_WRITE_BURST_BYTES = { min: KINESIS_LIMITS.defaultMaxRecordBytes.value, max: 100 * 1024 * 1024 } as const;

/** One shard's write limits for the endpoint: the model's, with the byte bucket's capacity replaced when asked. */
function serveWriteLimits(burstBytes: number | undefined): WriteLimits {
  const defaults = writeLimitsOf();
  if (burstBytes === undefined) return defaults;
  const { min, max } = SERVE_WRITE_BURST_BYTES;
  if (!(Number.isFinite(burstBytes) && burstBytes >= min && burstBytes <= max)) {
    throw new RangeError(`writeBurstBytes must be a number of bytes from ${min} (1 MiB) to ${max} (100 MiB), got ${String(burstBytes)}`);
  }
  return writeLimitsOf({ bytes: burstBytes, records: defaults.burstRecords });
}

/** Starts the endpoint on 127.0.0.1 with kinesalite behind it and the given streams created. */
export async function serve(options: ServeOptions = {}): Promise<ServedEndpoint> {
  const region = options.region ?? "us-east-1";
  const writeLimits = serveWriteLimits(options.writeBurstBytes);
  const L = KINESIS_LIMITS;
  const kl = await startKinesalite({
    shardLimit: isLargeQuotaRegion(region) ? L.accountShardQuotaLargeRegions.value : L.accountShardQuotaOtherRegions.value,
  });
  const endpoint = new Endpoint(kl, options.clock ?? (() => performance.now()), region, writeLimits);
  const server = http.createServer((req, res) => {
    const requestId = randomUUID();
    readBody(req)
      .then((body): Promise<Reply> | Reply => (body === undefined ? { status: 413, headers: {}, body: Buffer.alloc(0) } : endpoint.handle(req, body)))
      .then(
        (reply) => {
          const headers: http.OutgoingHttpHeaders = { ...reply.headers, "x-amzn-requestid": reply.headers["x-amzn-requestid"] ?? requestId, "content-length": reply.body.length };
          delete headers.connection;
          delete headers["transfer-encoding"];
          delete headers["keep-alive"];
          delete headers.date;
          res.writeHead(reply.status, headers);
          res.end(reply.body);
        },
        (e: Error) => {
          const body = Buffer.from(JSON.stringify({ __type: "InternalFailure", message: `stream-sim serve: ${e.message}` }));
          res.writeHead(500, { "content-type": AMZ_JSON, "x-amzn-requestid": requestId, "content-length": body.length });
          res.end(body);
        },
      );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  try {
    for (const s of options.streams ?? []) await endpoint.create(s);
  } catch (e) {
    server.close();
    await kl.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counters: () => endpoint.counters(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await kl.close();
    },
  };
}

/**
 * The `stream-sim serve` command: starts the endpoint, prints one line with its URL when it is ready, and stops
 * cleanly on SIGINT or SIGTERM, printing what each shard accepted and throttled to stderr.
 */
import { serve, type ServeStreamSpec, type ServedEndpoint } from "./server";

export interface ServeCommand {
  readonly port: number;
  readonly streams: readonly ServeStreamSpec[];
  readonly region?: string;
  /** `ServeOptions.writeBurstBytes`. */
  readonly writeBurstBytes?: number;
}

/** Where the command writes, and what stops it (the process's signals in the CLI). */
export interface ServeIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** Resolves when the endpoint should stop. */
  readonly stopped: Promise<string>;
}

/** The streams in one line: "orders (2 shards), events (on-demand)". */
export function describeStreams(streams: readonly ServeStreamSpec[]): string {
  if (streams.length === 0) return "no streams yet (create them with CreateStream)";
  return streams.map((s) => `${s.name} (${s.onDemand ? "on-demand" : `${s.shards} shard${s.shards === 1 ? "" : "s"}`})`).join(", ");
}

/** The exit summary: one line per shard that saw traffic. */
export function countersReport(endpoint: ServedEndpoint): string {
  const lines: string[] = [];
  for (const [stream, shards] of endpoint.counters()) {
    for (const [shardId, c] of shards) {
      if (c.acceptedRecords + c.throttledRecords + c.readCalls + c.readThrottledCalls === 0) continue;
      lines.push(
        `  ${stream} ${shardId}: ${c.acceptedRecords} records accepted, ${c.throttledRecords} throttled; ` +
          `${c.readCalls} GetRecords calls served, ${c.readThrottledCalls} throttled; ${c.iteratorThrottledCalls} GetShardIterator throttled`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "  no traffic\n";
}

export async function runServe(cmd: ServeCommand, io: ServeIo): Promise<void> {
  const endpoint = await serve({
    port: cmd.port,
    streams: cmd.streams,
    ...(cmd.region ? { region: cmd.region } : {}),
    ...(cmd.writeBurstBytes !== undefined ? { writeBurstBytes: cmd.writeBurstBytes } : {}),
  });
  io.stdout.write(`stream-sim serve: Kinesis endpoint at ${endpoint.url} — ${describeStreams(cmd.streams)}\n`);
  const signal = await io.stopped;
  await endpoint.close();
  io.stderr.write(`stream-sim serve: stopped (${signal}). Served:\n${countersReport(endpoint)}`);
}

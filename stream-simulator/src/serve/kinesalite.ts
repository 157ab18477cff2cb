/**
 * kinesalite (npm `kinesalite`, mhart/kinesalite), the real Kinesis implementation behind `stream-sim serve`: storage,
 * sequence numbers, iterators, every operation it implements and their validation. Started in-process on 127.0.0.1
 * (its own CLI binds every interface), with its in-memory store (memdown).
 *
 * Besides its HTTP server, the endpoint uses three of kinesalite's own modules in-process: the request validation
 * (`validations/`, whose messages kinesalite's test suite checks against AWS), and the shard-iterator codec and
 * sequence helpers (`db/`), so that the limiter in front knows which shard a GetRecords call reads and can cut a
 * response at 10 MiB with the iterator kinesalite itself would have returned.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createDecipheriv } from "node:crypto";

/** A failure to load an optional peer dependency, with the command that installs it. */
export class MissingDependencyError extends Error {
  public constructor(
    public readonly packageName: string,
    purpose: string,
  ) {
    super(`${purpose} needs the package '${packageName}', which is not installed: npm install --save-dev ${packageName}`);
    this.name = "MissingDependencyError";
  }
}

/** `require(name)`, or a MissingDependencyError naming it when it is not installed. */
export function requireOptional<T>(name: string, purpose: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(`'${name}'`)) {
      throw new MissingDependencyError(name, purpose);
    }
    throw e;
  }
}

type KinesaliteFactory = (options: Record<string, unknown>) => Server;

interface KinesaliteValidationModule {
  checkTypes(data: unknown, types: unknown): Record<string, unknown>;
  checkValidations(data: unknown, types: unknown, custom: unknown, operation: string): void;
}

interface KinesaliteDbModule {
  ITERATOR_PWD_KEY: Buffer;
  ITERATOR_PWD_IV: Buffer;
  parseSequence(seq: string): Record<string, unknown>;
  incrementSequence(seqObj: Record<string, unknown>, seqTime?: number | null): string;
  createShardIterator(streamName: string, shardId: string, seq: string): string;
}

const PURPOSE = "stream-sim serve";

/** kinesalite's request validation for one operation, as its HTTP handler runs it. */
export interface ValidationOutcome {
  /** The request with kinesalite's type coercions (unknown fields dropped), or undefined when invalid. */
  readonly data?: Record<string, unknown>;
}

/** The running kinesalite and the modules the endpoint uses. */
export interface Kinesalite {
  readonly url: string;
  readonly port: number;
  /** Validates `data` for `operation` exactly as kinesalite would before acting on it. */
  validate(operation: string, data: unknown): ValidationOutcome;
  /** The stream and shard a shard iterator kinesalite issued points into, or undefined when it is not one. */
  iteratorTarget(iterator: string): { readonly streamName: string; readonly shardId: string } | undefined;
  /** The iterator that continues after the record with sequence number `sequenceNumber`. */
  iteratorAfter(streamName: string, shardId: string, sequenceNumber: string): string;
  close(): Promise<void>;
}

export interface KinesaliteOptions {
  /** Account shard limit kinesalite enforces on CreateStream and SplitShard. */
  readonly shardLimit: number;
}

/** Starts kinesalite in-process on 127.0.0.1 (a free port), with CREATING/DELETING/UPDATING lasting no time. */
export async function startKinesalite(options: KinesaliteOptions): Promise<Kinesalite> {
  const factory = requireOptional<KinesaliteFactory>("kinesalite", PURPOSE);
  const validations = requireOptional<KinesaliteValidationModule>("kinesalite/validations", PURPOSE);
  const db = requireOptional<KinesaliteDbModule>("kinesalite/db", PURPOSE);
  const server = factory({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: options.shardLimit });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const actionValidations = new Map<string, { types: unknown; custom?: unknown }>();
  const validationOf = (operation: string): { types: unknown; custom?: unknown } => {
    let v = actionValidations.get(operation);
    if (v === undefined) {
      const file = operation.charAt(0).toLowerCase() + operation.slice(1);
      v = requireOptional<{ types: unknown; custom?: unknown }>(`kinesalite/validations/${file}`, PURPOSE);
      actionValidations.set(operation, v);
    }
    return v;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    validate(operation, data) {
      const v = validationOf(operation);
      try {
        const checked = validations.checkTypes(data, v.types);
        validations.checkValidations(checked, v.types, v.custom, operation);
        return { data: checked };
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode) return {};
        throw e;
      }
    },
    iteratorTarget(iterator) {
      // The inverse of kinesalite's db.createShardIterator (as its actions/getRecords.js decodes it).
      const buffer = Buffer.from(iterator, "base64");
      if (buffer.length < 152 || buffer.length > 280 || buffer.subarray(0, 8).toString("hex") !== "0000000000000001") return undefined;
      try {
        const decipher = createDecipheriv("aes-256-cbc", db.ITERATOR_PWD_KEY, db.ITERATOR_PWD_IV);
        const pieces = Buffer.concat([decipher.update(buffer.subarray(8)), decipher.final()]).toString("utf8").split("/");
        if (pieces.length !== 5 || !/^shardId-\d{12}$/.test(pieces[2])) return undefined;
        return { streamName: pieces[1], shardId: pieces[2] };
      } catch {
        return undefined;
      }
    },
    iteratorAfter(streamName, shardId, sequenceNumber) {
      return db.createShardIterator(streamName, shardId, db.incrementSequence(db.parseSequence(sequenceNumber)));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The user records `stream-sim load` offers, from the workload model:
 * - how many per second: the average rate × the traffic shape's multiplier of that second (traffic.ts, the shape the
 *   per-second engines simulate), drawn Poisson per second when `arrivalNoise` is "poisson" (as the engines draw
 *   them), else the exact expected counts; evenly spaced inside the second;
 * - their partition keys: the reference trace's key picker (reference/trace.ts), with the model's timestamp epoch so
 *   timestamp keys are the model's own; entity keys also carry the ExplicitHashKey of the model's key naming
 *   (keys.ts `namingPlacement32`), so each key lands on the shard the simulator places it on and the per-shard
 *   prediction is comparable shard by shard (the partition key still counts its bytes, as the model counts them);
 * - worker i of N keeps the records of its key range (entity keys of rank ≡ i mod N; otherwise every N-th record):
 *   N processes with the same workload together offer exactly what one would.
 */
import { Rng, poisson } from "../random";
import { TIMESTAMP_EPOCH_MS, namingPlacement32 } from "../keys";
import { trafficShape } from "../traffic";
import { partitionKeyPicker, type PartitionKeyPicker } from "../reference/trace";
import type { ResolvedWorkload } from "../workload";

export interface LoadRecord {
  /** When the record is offered, ms from the start of the run. */
  readonly offeredMs: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
}

export interface ScheduleOptions {
  /** The run's seconds (the workload's durationSeconds when not overridden). */
  readonly durationSeconds: number;
  /** Multiplies the workload's rate. @default 1 */
  readonly rateScale?: number;
  /** This process's share: worker `index` of `count`. @default 0 of 1 */
  readonly worker?: { readonly index: number; readonly count: number };
  /** Entity keys: the key naming whose placement the ExplicitHashKeys follow. @default 0 */
  readonly keyNaming?: number;
}

/** The records of a run, second by second. */
export class RecordSchedule {
  private readonly multipliers: Float64Array;
  private readonly arrivals: Rng;
  private readonly keys: PartitionKeyPicker;
  private readonly ehkOfRank = new Map<number, string>();
  private second = 0;
  private carry = 0;
  private index = 0;
  private pending: LoadRecord[] = [];
  private pendingAt = 0;
  public readonly rate: number;

  public constructor(
    private readonly w: ResolvedWorkload,
    private readonly options: ScheduleOptions,
  ) {
    this.multipliers = trafficShape(options.durationSeconds, w.peakToAverage, w.trafficShape).multipliers;
    this.arrivals = new Rng(w.seed);
    this.keys = partitionKeyPicker(w, new Rng(w.seed ^ 0x5eed), TIMESTAMP_EPOCH_MS);
    this.rate = w.recordsPerSecond * (options.rateScale ?? 1);
  }

  /** True once every second of the run has been generated and handed out. */
  public get done(): boolean {
    return this.second >= this.options.durationSeconds && this.pendingAt >= this.pending.length;
  }

  /** This worker's records offered at or before `elapsedMs`, in time order. */
  public take(elapsedMs: number): LoadRecord[] {
    const out: LoadRecord[] = [];
    for (;;) {
      while (this.pendingAt < this.pending.length && this.pending[this.pendingAt].offeredMs <= elapsedMs) out.push(this.pending[this.pendingAt++]);
      if (this.pendingAt < this.pending.length || this.second >= this.options.durationSeconds || this.second * 1000 > elapsedMs) return out;
      this.generateSecond();
    }
  }

  private generateSecond(): void {
    const s = this.second++;
    const lambda = this.rate * this.multipliers[s];
    let count: number;
    if (this.w.arrivalNoise === "poisson") count = poisson(this.arrivals, lambda);
    else {
      const x = this.carry + lambda;
      count = Math.floor(x + 1e-9);
      this.carry = x - count;
    }
    const { index: me, count: workers } = this.options.worker ?? { index: 0, count: 1 };
    const entity = this.w.partitionKey.strategy === "entity";
    this.pending = [];
    this.pendingAt = 0;
    for (let j = 0; j < count; j++) {
      const offeredMs = s * 1000 + (j * 1000) / count;
      const partitionKey = this.keys.pick(offeredMs);
      const n = this.index++;
      if (entity) {
        const rank = this.keys.lastRank;
        if (rank % workers !== me) continue;
        this.pending.push({ offeredMs, partitionKey, explicitHashKey: this.ehkOf(rank) });
      } else if (n % workers === me) this.pending.push({ offeredMs, partitionKey });
    }
  }

  private ehkOf(rank: number): string {
    let e = this.ehkOfRank.get(rank);
    if (e === undefined) {
      e = (BigInt(namingPlacement32(this.options.keyNaming ?? 0, rank + 1)) << 96n).toString();
      this.ehkOfRank.set(rank, e);
    }
    return e;
  }
}

/**
 * Producer retries in the per-second engines (provisioned.ts, on-demand.ts).
 *
 * A throttled record waiting for its (a+1)-th attempt is retried `retryBackoffMs · 2^a` ms after it failed (the KPL
 * and the AWS SDKs back off exponentially). The per-second models know only in
 * which second a record failed, so that delay is rounded UP to whole seconds, at least one:
 * `delaySeconds(a) = max(1, ceil(retryBackoffMs · 2^a / 1000))`. With the default 100 ms base and 3 retries every
 * retry lands in the next second (100, 200, 400 ms); a 1,000 ms base retries after 1, 2, 4 s. ASSUMPTION: rounding
 * up (rather than spreading a second's failures over two seconds) is a simplification of the model.
 */

/** Retry delay in whole seconds of each attempt level (index a = waiting for retry a+1). */
export function retryDelaysSeconds(maxRetries: number, retryBackoffMs: number): Int32Array {
  const d = new Int32Array(Math.max(0, maxRetries));
  for (let a = 0; a < maxRetries; a++) {
    const ms = retryBackoffMs * 2 ** a;
    // Cap far beyond any run (31 days) so the Int32 cannot overflow.
    d[a] = Math.max(1, Math.min(1e9, Math.ceil(ms / 1000 - 1e-9)));
  }
  return d;
}

/** True when every retry happens in the next second (the models' fast bookkeeping applies). */
export function allNextSecond(delays: Int32Array): boolean {
  for (let a = 0; a < delays.length; a++) if (delays[a] !== 1) return false;
  return true;
}

/**
 * Records waiting for a retry that is due later than the next second: one FIFO queue per attempt level (a level's
 * delay is fixed, so its entries become due in the order they were added). Memory grows only with throttled seconds.
 */
export class RetryQueue {
  /** Records waiting (due within the run). */
  public waiting = 0;
  /** Records whose retry would fall after the end of the run: they count as throttled. */
  public late = 0;
  private readonly due: number[][];
  private readonly amount: number[][];
  private readonly head: Int32Array;

  public constructor(
    private readonly delays: Int32Array,
    private readonly duration: number,
  ) {
    this.due = Array.from({ length: delays.length }, () => []);
    this.amount = Array.from({ length: delays.length }, () => []);
    this.head = new Int32Array(delays.length);
  }

  public reset(): void {
    this.waiting = 0;
    this.late = 0;
    for (let a = 0; a < this.delays.length; a++) {
      this.due[a].length = 0;
      this.amount[a].length = 0;
      this.head[a] = 0;
    }
  }

  /** `n` records failed in second `t` and now wait at attempt level `level`. */
  public push(level: number, t: number, n: number): void {
    if (n <= 0) return;
    const due = t + this.delays[level];
    if (due >= this.duration) {
      this.late += n;
      return;
    }
    this.due[level].push(due);
    this.amount[level].push(n);
    this.waiting += n;
  }

  /** Moves the records due in second `t` into `pending[level]` (added); returns how many. */
  public collect(t: number, pending: Float64Array): number {
    let total = 0;
    for (let a = 0; a < this.delays.length; a++) {
      const h = this.head[a];
      const dues = this.due[a];
      if (h < dues.length && dues[h] === t) {
        const n = this.amount[a][h];
        pending[a] += n;
        total += n;
        this.head[a] = h + 1;
        if (h + 1 === dues.length) {
          dues.length = 0;
          this.amount[a].length = 0;
          this.head[a] = 0;
        }
      }
    }
    this.waiting -= total;
    return total;
  }
}

/** What a throttled second did to the attempts it could not take in full. */
export interface ThrottledSecond {
  /** Attempts accepted this second (retries and new records). */
  readonly accepted: number;
  /** Attempts that failed past the last retry: throttled for good. */
  readonly finalFailures: number;
  /** New records (first attempts) that failed this second. */
  readonly firstAttemptFailures: number;
  /** Records now waiting for a retry (pending levels plus the queue). */
  readonly pendingTotal: number;
}

/**
 * A shard (or an on-demand stream) that can take only the fraction `f` < 1 of this second's `total` attempts —
 * `newRecords` new records plus the retries in `pending` — accepts floor(total · f): every retry level its floor
 * share, new records the rest. Each level's rejected attempts move up one level (highest level first, so into an
 * already-emptied slot), through `queue` when retries wait longer than a second, and past the last level they fail for
 * good. Mutates `pending` (and `queue`). Shared by provisioned.ts and on-demand.ts so both engines account retries alike.
 */
export function acceptFraction(
  f: number,
  total: number,
  newRecords: number,
  t: number,
  pending: Float64Array,
  levels: number,
  queue: RetryQueue | null,
): ThrottledSecond {
  const ok = Math.floor(total * f + 1e-9);
  let okLevels = 0;
  let finalFailures = 0;
  for (let a = levels - 1; a >= 0; a--) {
    const pa = pending[a];
    if (pa === 0) continue;
    const okA = Math.floor(pa * f);
    okLevels += okA;
    pending[a] = 0;
    if (a + 1 < levels) {
      if (queue !== null) queue.push(a + 1, t, pa - okA);
      else pending[a + 1] += pa - okA;
    } else finalFailures += pa - okA;
  }
  const okNew = Math.min(ok - okLevels, newRecords);
  if (levels > 0) {
    if (queue !== null) queue.push(0, t, newRecords - okNew);
    else pending[0] += newRecords - okNew;
  } else finalFailures += newRecords - okNew;
  let pendingTotal = 0;
  if (queue !== null) pendingTotal = queue.waiting;
  else for (let a = 0; a < levels; a++) pendingTotal += pending[a];
  return { accepted: okLevels + okNew, finalFailures, firstAttemptFailures: newRecords - okNew, pendingTotal };
}

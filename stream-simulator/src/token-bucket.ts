/**
 * A token bucket with an explicit clock: the caller passes the time of every operation (milliseconds, any origin,
 * never decreasing). No wall clock is read, so replays are deterministic.
 *
 * Its refill is `refill`, the one bucket rule of the models (the per-second engine applies it to a shard's aggregate);
 * a shard's two write buckets are `ShardWriteLimiter` (write-limiter.ts).
 */

/** Tokens after `seconds` of refill at `perSecond`, capped at `capacity`: the bucket rule every bucket shares. */
export function refill(tokens: number, capacity: number, perSecond: number, seconds: number): number {
  const t = tokens + perSecond * seconds;
  return t < capacity ? t : capacity;
}

export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  /**
   * @param capacity most tokens the bucket holds (burst size), > 0
   * @param refillPerSecond tokens added per second, ≥ 0
   * @param startMs time of creation; the bucket starts full unless `initialTokens` says otherwise
   * @param initialTokens tokens at `startMs` (default: `capacity`)
   */
  public constructor(
    public readonly capacity: number,
    public readonly refillPerSecond: number,
    startMs = 0,
    initialTokens = capacity,
  ) {
    if (!(capacity > 0) || !Number.isFinite(capacity)) throw new RangeError(`capacity must be a positive finite number, got ${capacity}`);
    if (!(refillPerSecond >= 0) || !Number.isFinite(refillPerSecond)) {
      throw new RangeError(`refillPerSecond must be a finite number ≥ 0, got ${refillPerSecond}`);
    }
    if (!(initialTokens >= 0 && initialTokens <= capacity)) {
      throw new RangeError(`initialTokens must lie in [0, capacity], got ${initialTokens}`);
    }
    if (!Number.isFinite(startMs)) throw new RangeError(`startMs must be finite, got ${startMs}`);
    this.tokens = initialTokens;
    this.lastMs = startMs;
  }

  /** Tokens available at `nowMs` (refills up to `nowMs` first). */
  public available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** Takes `amount` tokens at `nowMs` if that many are available; returns whether it did. Never goes negative. */
  public tryTake(amount: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (amount > this.tokens) return false;
    this.tokens -= amount;
    return true;
  }

  /**
   * Milliseconds from `nowMs` until `amount` tokens will be available (0 if they are now). Infinity when `amount`
   * exceeds the capacity or the bucket never refills.
   */
  public msUntil(amount: number, nowMs: number): number {
    this.refill(nowMs);
    if (amount <= this.tokens) return 0;
    if (amount > this.capacity || this.refillPerSecond === 0) return Infinity;
    return ((amount - this.tokens) * 1000) / this.refillPerSecond;
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.lastMs;
    if (elapsed < 0) throw new RangeError(`time went backwards: ${nowMs} < ${this.lastMs}`);
    if (elapsed > 0) {
      this.tokens = refill(this.tokens, this.capacity, this.refillPerSecond, elapsed / 1000);
      this.lastMs = nowMs;
    }
  }
}

/**
 * Iterator age as AWS defines it for `GetRecords.IteratorAgeMilliseconds` and `SubscribeToShard.MillisBehindLatest`:
 * the age of the last record a read returned
 * (https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html). Records are read in order, so
 * the last record read by the end of second t is the one at the reader's cumulative read position; it was written in
 * the second the shard's cumulative writes passed that position, at a point within it proportional to how far
 * (writes within a second are spread evenly). A reader that is caught up has age 0.
 */

/**
 * Iterator age of one reader kind on one shard, tracked over a backlog episode (the seconds from the first one its
 * readers fall behind until they catch up: all of them run the full model). `written[k]` is the shard's cumulative
 * writes from the episode's start through its k-th second.
 */
export class AgeTracker {
  private start = -1;
  private len = 0;
  private ptr = 0;

  public constructor(private readonly written: Float64Array) {}

  /** Second t wrote `bytes`; the reader is `backlog` bytes behind after reading. Returns the iterator age in seconds. */
  public observe(t: number, bytes: number, backlog: number): number {
    if (backlog <= 0) {
      this.start = -1;
      return 0;
    }
    const w = this.written;
    if (this.start < 0) {
      this.start = t;
      this.len = 0;
      this.ptr = 0;
    }
    const prev = this.len > 0 ? w[this.len - 1] : 0;
    w[this.len++] = prev + bytes;
    // Everything before the episode was read; `read` bytes of it are read now.
    const read = w[this.len - 1] - backlog;
    let k = this.ptr;
    while (k < this.len - 1 && w[k] <= read) k++;
    this.ptr = k;
    const before = k > 0 ? w[k - 1] : 0;
    const span = w[k] - before;
    const arrival = this.start + k + (span > 0 ? (read - before) / span : 0);
    return t + 1 - arrival;
  }
}

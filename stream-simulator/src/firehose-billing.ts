/**
 * Firehose ingestion billing — the one rule `cost.ts` and `firehose.ts` share
 * (https://aws.amazon.com/firehose/pricing/: ingestion billed per record in 5 KB increments).
 *
 * Firehose bills ingested data per record, each rounded up to the next 5 KB increment. ASSUMPTION: with a Kinesis
 * Data Stream source the "record" is the USER record: Firehose de-aggregates KPL-aggregated records read from a KDS
 * source before delivery (https://docs.aws.amazon.com/firehose/latest/dev/kpl-with-firehose.html), so each user record is
 * what Firehose ingests. No retrieved source states how a de-aggregated record is billed; this is the better-supported
 * reading, not a confirmed fact.
 */

/** Billed bytes of one user record: its data rounded up to `incrementBytes` (at least one increment). */
export function firehoseBilledBytesPerRecord(userRecordBytes: number, incrementBytes: number): number {
  return Math.max(1, Math.ceil(userRecordBytes / incrementBytes)) * incrementBytes;
}

/** Billed GB of `userRecordsPerSecond` user records of `userRecordBytes` over `seconds` (GB = `bytesPerGb`). */
export function firehoseBilledGb(
  userRecordsPerSecond: number,
  userRecordBytes: number,
  seconds: number,
  incrementBytes: number,
  bytesPerGb: number,
): number {
  return (userRecordsPerSecond * firehoseBilledBytesPerRecord(userRecordBytes, incrementBytes) * seconds) / bytesPerGb;
}

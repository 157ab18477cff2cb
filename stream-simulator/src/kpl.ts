/**
 * The KPL aggregated-record wire format, as arithmetic: every byte count the models need for aggregation lives here
 * (no imports: safe to use from any module).
 *
 * Format (awslabs/amazon-kinesis-producer `aggregation-format.md`): a 4-byte magic `F3 89 9A C2`, a protobuf
 * `AggregatedRecord` (field 1 `partition_key_table`, field 2 `explicit_hash_key_table`, field 3 `records`, each
 * `Record` holding field 1 `partition_key_index`, field 2 optional `explicit_hash_key_index`, field 3 `data`), and a
 * 16-byte MD5 of the protobuf bytes. The KPL sends a multi-record aggregate with the one-character partition key "a"
 * and the ExplicitHashKey of its first user record (awslabs/amazon-kinesis-producer `aws/kinesis/core/kinesis_record.cc`).
 */

/** 4-byte magic + 16-byte MD5 trailer around every aggregated record. */
export const KPL_FRAMING_BYTES = 4 + 16;
/** The outer partition key the KPL sends multi-record aggregates with. */
export const KPL_OUTER_PARTITION_KEY = "a";
/** Its length in bytes, counted against the shard's byte limit with the aggregate. */
export const KPL_OUTER_PARTITION_KEY_BYTES = KPL_OUTER_PARTITION_KEY.length;
/** An empty aggregate: framing plus the outer partition key. */
export const KPL_EMPTY_AGGREGATE_BYTES = KPL_FRAMING_BYTES + KPL_OUTER_PARTITION_KEY_BYTES;

/** Bytes of a protobuf varint holding `n` (n < 2^35). */
export function varintBytes(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

/**
 * Serialized bytes a user record adds to an AggregatedRecord: one field-3 entry `Record{partition_key_index,
 * [explicit_hash_key_index], data}` with its tag and length prefix.
 */
export function aggregatedEntryBytes(dataBytes: number, keyIndex: number, ehkIndex = -1): number {
  let inner = 1 + varintBytes(keyIndex) + 1 + varintBytes(dataBytes) + dataBytes;
  if (ehkIndex >= 0) inner += 1 + varintBytes(ehkIndex);
  return 1 + varintBytes(inner) + inner;
}

/** Serialized bytes of one key-table entry (field 1 or 2: a length-delimited string of `keyUtf8Bytes`). */
export function aggregatedKeyTableEntryBytes(keyUtf8Bytes: number): number {
  return 1 + varintBytes(keyUtf8Bytes) + keyUtf8Bytes;
}

/** The smallest possible addition to an aggregate (an empty record reusing key 0): an aggregate this close to full closes. */
export const KPL_MIN_ENTRY_BYTES = aggregatedEntryBytes(0, 0);

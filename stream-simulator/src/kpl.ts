/** KPL aggregated-record format constants (aws-facts §3.1, §3.2). No imports: safe to use from any module. */

/** 4-byte magic + 16-byte MD5 around every aggregated record (§3.1). */
export const KPL_FRAMING_BYTES = 20;
/** The KPL sends multi-record aggregates with the one-character partition key "a" (§1.2, §3.2). */
export const KPL_OUTER_PARTITION_KEY_BYTES = 1;

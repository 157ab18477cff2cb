import { createHash } from "node:crypto";
import fc from "fast-check";
import {
  HASH_KEY_SPACE,
  MAX_HASH_KEY,
  ShardMap,
  effectiveHashKey,
  hashKeyOf,
  parseExplicitHashKey,
  shardIdName,
} from "../src/routing";

describe("hashKeyOf: MD5 of the UTF-8 partition key as an unsigned big-endian 128-bit integer", () => {
  it.each([
    // RFC 1321 appendix A.5 test vectors.
    ["", "d41d8cd98f00b204e9800998ecf8427e"],
    ["a", "0cc175b9c0f1b6a831c399e269772661"],
    ["abc", "900150983cd24fb0d6963f7d28e17f72"],
    ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
  ])("MD5(%j) = %s", (key, hex) => {
    expect(hashKeyOf(key)).toBe(BigInt(`0x${hex}`));
  });

  it("hashes UTF-8 bytes, not UTF-16 code units (Cyrillic, emoji)", () => {
    // "при" in UTF-8 is d0 bf d1 80 d0 b8; U+1F600 is f0 9f 98 80.
    const cyr = createHash("md5").update(Buffer.from([0xd0, 0xbf, 0xd1, 0x80, 0xd0, 0xb8])).digest("hex");
    expect(hashKeyOf("при")).toBe(BigInt(`0x${cyr}`));
    const emoji = createHash("md5").update(Buffer.from([0xf0, 0x9f, 0x98, 0x80])).digest("hex");
    expect(hashKeyOf("\u{1F600}")).toBe(BigInt(`0x${emoji}`));
    const utf16 = createHash("md5").update(Buffer.from("при", "utf16le")).digest("hex");
    expect(hashKeyOf("при")).not.toBe(BigInt(`0x${utf16}`));
  });

  it("reads the digest unsigned: a digest with the top bit set gives a key ≥ 2^127", () => {
    // MD5("a") starts with 0x0c (top bit clear); MD5("abc") starts with 0x90 (top bit set).
    expect(hashKeyOf("abc") >= 1n << 127n).toBe(true);
    expect(hashKeyOf("a") < 1n << 127n).toBe(true);
  });
});

describe("ShardMap.even: the CreateStream split", () => {
  it("N=2 matches real AWS: shard 0 ends at 2^127−1, shard 1 starts at 2^127", () => {
    const [s0, s1] = ShardMap.even(2).ranges;
    expect(s0.startingHashKey).toBe(0n);
    expect(s0.endingHashKey).toBe(170141183460469231731687303715884105727n);
    expect(s1.startingHashKey).toBe(170141183460469231731687303715884105728n);
    expect(s1.endingHashKey).toBe(340282366920938463463374607431768211455n);
  });

  it("N=3 matches the aws-cli describe-stream example, remainder on the last shard", () => {
    const r = ShardMap.even(3).ranges;
    expect(r.map((s) => [s.startingHashKey, s.endingHashKey])).toEqual([
      [0n, 113427455640312821154458202477256070484n],
      [113427455640312821154458202477256070485n, 226854911280625642308916404954512140969n],
      [226854911280625642308916404954512140970n, 340282366920938463463374607431768211455n],
    ]);
  });

  it("N=4 uses width 2^126 exactly (kinesis-mock's (2^128−1)/N would end shard 0 one lower)", () => {
    const r = ShardMap.even(4).ranges;
    expect(r[0].endingHashKey).toBe((1n << 126n) - 1n);
    expect(r[3].startingHashKey).toBe(3n << 126n);
  });

  it("names shards shardId- + 12-digit index", () => {
    expect(shardIdName(0)).toBe("shardId-000000000000");
    expect(shardIdName(123)).toBe("shardId-000000000123");
    expect(ShardMap.even(3).ranges.map((r) => r.shardId)).toEqual([
      "shardId-000000000000",
      "shardId-000000000001",
      "shardId-000000000002",
    ]);
  });

  it("rejects non-positive or fractional shard counts", () => {
    expect(() => ShardMap.even(0)).toThrow(RangeError);
    expect(() => ShardMap.even(1.5)).toThrow(RangeError);
  });

  it("routes the range boundaries to the owning shard for N=3 (last shard takes the remainder)", () => {
    const m = ShardMap.even(3);
    for (const r of m.ranges) {
      expect(m.indexForHashKey(r.startingHashKey)).toBe(r.index);
      expect(m.indexForHashKey(r.endingHashKey)).toBe(r.index);
    }
    expect(m.indexForHashKey(MAX_HASH_KEY)).toBe(2);
  });
});

describe("ExplicitHashKey grammar 0|([1-9]\\d{0,38}) and range [0, 2^128−1]", () => {
  it("accepts 0, 2^128−1 and ordinary decimals", () => {
    expect(parseExplicitHashKey("0")).toBe(0n);
    expect(parseExplicitHashKey("340282366920938463463374607431768211455")).toBe(MAX_HASH_KEY);
    expect(parseExplicitHashKey("42")).toBe(42n);
  });

  it.each(["", "01", "-1", "+1", "1e5", " 1", "0x10", "1.0", "١٢", "1".repeat(40)])("rejects %j as ungrammatical", (s) => {
    expect(() => parseExplicitHashKey(s)).toThrow(/decimal integer/);
  });

  it("rejects 2^128 and the largest 39-digit number with Kinesis's range message", () => {
    expect(() => parseExplicitHashKey(HASH_KEY_SPACE.toString())).toThrow(
      /ExplicitHashKey must be in the range: \[0, 2\^128-1\]/,
    );
    expect(() => parseExplicitHashKey("9".repeat(39))).toThrow(/range/);
  });

  it("overrides the partition key: the key's own hash is ignored", () => {
    expect(effectiveHashKey("anything", "7")).toBe(7n);
    const m = ShardMap.even(2);
    expect(m.shardIdFor("abc")).toBe("shardId-000000000001"); // MD5("abc") ≥ 2^127
    expect(m.shardIdFor("abc", "0")).toBe("shardId-000000000000");
  });
});

describe("properties", () => {
  const hashKey = fc.bigInt({ min: 0n, max: MAX_HASH_KEY });
  const shardCount = fc.integer({ min: 1, max: 300 });

  it("even ranges tile [0, 2^128−1] contiguously with no gaps or overlaps", () => {
    fc.assert(
      fc.property(shardCount, (n) => {
        const r = ShardMap.even(n).ranges;
        expect(r).toHaveLength(n);
        expect(r[0].startingHashKey).toBe(0n);
        expect(r[n - 1].endingHashKey).toBe(MAX_HASH_KEY);
        for (let i = 1; i < n; i++) expect(r[i].startingHashKey).toBe(r[i - 1].endingHashKey + 1n);
      }),
    );
  });

  it("every hash key maps to exactly the one shard whose inclusive range contains it (even split)", () => {
    fc.assert(
      fc.property(shardCount, hashKey, (n, k) => {
        const m = ShardMap.even(n);
        const owners = m.ranges.filter((r) => r.startingHashKey <= k && k <= r.endingHashKey);
        expect(owners).toHaveLength(1);
        expect(m.indexForHashKey(k)).toBe(owners[0].index);
      }),
      { numRuns: 100 },
    );
  });

  it("the same holds for arbitrary (uneven) layouts built with fromRanges, e.g. after splits", () => {
    const cuts = fc.uniqueArray(fc.bigInt({ min: 1n, max: MAX_HASH_KEY }), { minLength: 0, maxLength: 20 });
    fc.assert(
      fc.property(cuts, hashKey, (cs, k) => {
        const sorted = [...cs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const starts = [0n, ...sorted];
        const ranges = starts.map((s, i) => ({
          shardId: shardIdName(i),
          index: i,
          startingHashKey: s,
          endingHashKey: i + 1 < starts.length ? starts[i + 1] - 1n : MAX_HASH_KEY,
        }));
        const m = ShardMap.fromRanges([...ranges].reverse());
        const owners = ranges.filter((r) => r.startingHashKey <= k && k <= r.endingHashKey);
        expect(owners).toHaveLength(1);
        expect(m.ranges[m.indexForHashKey(k)].shardId).toBe(owners[0].shardId);
      }),
      { numRuns: 100 },
    );
  });

  it("partition-key routing agrees with a linear scan over the ranges", () => {
    fc.assert(
      fc.property(shardCount, fc.string({ unit: "binary", minLength: 1, maxLength: 256 }), (n, key) => {
        const m = ShardMap.even(n);
        const h = hashKeyOf(key);
        const owner = m.ranges.find((r) => r.startingHashKey <= h && h <= r.endingHashKey)!;
        expect(m.shardIdFor(key)).toBe(owner.shardId);
      }),
      { numRuns: 100 },
    );
  });

  it("fromRanges rejects gaps, overlaps and a short last range", () => {
    const half = 1n << 127n;
    const base = { shardId: "s", index: 0 };
    expect(() =>
      ShardMap.fromRanges([
        { ...base, startingHashKey: 0n, endingHashKey: half - 2n },
        { ...base, startingHashKey: half, endingHashKey: MAX_HASH_KEY },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      ShardMap.fromRanges([
        { ...base, startingHashKey: 0n, endingHashKey: half },
        { ...base, startingHashKey: half, endingHashKey: MAX_HASH_KEY },
      ]),
    ).toThrow(RangeError);
    expect(() => ShardMap.fromRanges([{ ...base, startingHashKey: 0n, endingHashKey: half }])).toThrow(RangeError);
  });
});

import { TerraformVariable, Testing, Token } from "cdktf";
import { checkCapacity, formatCapacityVerdict, size, type Workload } from "stream-simulator";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { capacityAlarmThresholds } from "../constructs/stream/stream-alarms";
import { toTagValue } from "../constructs/stream/capacity-record";
import { kinesisPipelineMatchers } from "../testing";
import { validationFailure, warningsOf } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";

expect.extend(kinesisPipelineMatchers);

/** Bursty (3×), Zipf-skewed session keys, 2 KiB records, a Firehose and one EFO reader; 10 simulated minutes. */
const TELEMETRY: Workload = {
  recordsPerSecond: 600,
  recordBytes: 2048,
  durationSeconds: 600,
  peakToAverage: 3,
  partitionKey: { strategy: "entity", distinctKeys: 50_000, zipfExponent: 0.9 },
  consumers: { shared: 1, enhancedFanOut: 1 },
  seed: 11,
};
/** One static key at 1,500 records/s of 1 KB: 1.5× one shard's records limit. */
const HOT_KEY: Workload = {
  recordsPerSecond: 1500,
  recordBytes: 1000,
  durationSeconds: 300,
  partitionKey: { strategy: "static", value: "tenant-42" },
  partitionKeyBytes: 9,
};
/** Steady 1 MiB/s of uuid keys: within a new on-demand stream's 4 MiB/s. */
const STEADY: Workload = { recordsPerSecond: 1000, recordBytes: 1000, durationSeconds: 300 };

const recommended = size(TELEMETRY).recommendedShards as number;

const TAG_VALUE = /^[\p{L}\p{N} _.:/=+\-@]{0,256}$/u;

function onlyStream(json: any): any {
  const streams = Object.values(resourcesOfType(json, "aws_kinesis_stream"));
  expect(streams).toHaveLength(1);
  return streams[0];
}

describe("StreamCapacity.forWorkload", () => {
  it("synthesizes the simulator's recommended shard count and exposes the reasoning", () => {
    const capacity = StreamCapacity.forWorkload(TELEMETRY);
    expect(capacity.mode).toBe("PROVISIONED");
    expect(capacity.shardCount).toBe(recommended);
    const sizing = capacity.sizing!;
    expect(sizing.feasible).toBe(true);
    expect(sizing.recommendation).toBe(`${recommended} provisioned shards`);
    expect(sizing.bindingConstraint).toBe(checkCapacity(TELEMETRY, { mode: "provisioned", shards: recommended }).bindingConstraint);
    // The three questions at the chosen count: the binding one named, the headroom applied to the steady-peak mean.
    const sized = size(TELEMETRY);
    expect(sizing.binding).toBe(sized.binding);
    expect(sizing.questions!.limit.holds && sizing.questions!.growth.holds && sizing.questions!.throttle.holds).toBe(true);
    expect(sizing.busiestShardLoad).toBe(sized.busiestShardLoad);
    expect(sizing.questions!.growth.busiestShardLoad).toBeLessThanOrEqual(0.8);
    expect(sizing.firstAttemptThrottledFraction).toBeLessThanOrEqual(0.001);
    expect(sizing.lostRecords).toBe(0);
    // Entity keys: the spread over key namings is kept and explained.
    expect(sizing.keyNamings).toEqual(sized.keyNamings);
    expect(sizing.explanation).toContain(`${sized.keyNamings!.minShards}–${sized.keyNamings!.maxShards} shards meet limit and growth`);
    expect(sizing.dependsOn).toEqual(sized.dependsOn);
    expect(sizing.monthlyCost.chosenUsd).toBe(sizing.monthlyCost.provisionedUsd);
    expect(sizing.explanation).toContain(`${recommended} shards, set by the ${sized.binding} question`);

    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "Telemetry", { streamName: "telemetry", capacity });
    expect(onlyStream(synthJson(stack)).shard_count).toBe(recommended);
    expect(stack).toSustainWorkload(stream, TELEMETRY);
    expect(stream.workload).toBe(TELEMETRY);
  });

  it("records the reasoning as a valid tag and a per-stream Terraform output", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "A", { streamName: "a", capacity: StreamCapacity.forWorkload(TELEMETRY), tags: { team: "x" } });
    new EncryptedStream(stack, "B", { streamName: "b", capacity: StreamCapacity.forWorkload(STEADY) });
    const json = synthJson(stack);
    const streams = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
    for (const s of streams) {
      expect(s.tags.CapacitySizing).toMatch(TAG_VALUE);
      expect(s.tags.CapacitySizing).toMatch(
        /^forWorkload \d+ provisioned shards? \/ set by (limit|growth|throttle) \/ busiest [\d.]+ pct at peak \/ first attempts throttled [\d.]+ pct( \/ key names \d+(-\d+)? shards)? \/ est [\d.]+ USD per month$/,
      );
    }
    expect(streams.find((s) => s.name === "a").tags.team).toBe("x");
    const outputs = Object.entries(json.output) as Array<[string, any]>;
    expect(outputs).toHaveLength(2);
    for (const [, output] of outputs) {
      // Fields that do not apply are left out: the key-name spread without entity keys, the cold start when provisioned.
      expect(Object.keys(output.value).filter((k) => k !== "key_naming_shards").sort()).toEqual([
        "binding_constraint",
        "busiest_shard_load",
        "explanation",
        "first_attempt_throttled_fraction",
        "lost_records",
        "monthly_cost_estimate_usd",
        "questions",
        "recommendation",
        "simulated_peak_utilization",
        "sized_by",
      ]);
      expect(output.value.questions).toMatch(/^limit holds .*; growth holds .*; throttle holds /);
      expect(output.value.lost_records).toBe(0);
    }
    const a = outputs.find(([, o]) => o.value.recommendation.startsWith(`${recommended} `))![1].value;
    const sized = size(TELEMETRY);
    expect(a.sized_by).toBe(sized.binding);
    expect(a.key_naming_shards).toBe(`${sized.keyNamings!.minShards}-${sized.keyNamings!.maxShards}`);
    const b = outputs.find(([, o]) => !o.value.recommendation.startsWith(`${recommended} `))![1].value;
    expect(b.key_naming_shards).toBeUndefined(); // uuid keys: no spread
    expect(outputs.map(([, o]) => o.value.recommendation)).toContain(`${recommended} provisioned shards (sized by StreamCapacity.forWorkload, mode provisioned)`);
  });

  it("adds no tag or output without a workload", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.provisioned(2) });
    const json = synthJson(stack);
    expect(onlyStream(json).tags).toBeUndefined();
    expect(json.output).toBeUndefined();
  });

  it("does not throw for a workload no capacity sustains: synth fails under the stream's construct path", () => {
    const capacity = StreamCapacity.forWorkload(HOT_KEY);
    expect(capacity.sizing!.feasible).toBe(false);
    const { stack } = testStack();
    const error = validationFailure(() => new EncryptedStream(stack, "Orders", { streamName: "orders", capacity }));
    expect(error.constructPath).toBe("test/Orders");
    expect(error.problems.map((p) => p.property)).toEqual(["capacity"]);
    expect(error.message).toContain("Stream 'orders' (path test/Orders): StreamCapacity.forWorkload (mode \"provisioned\") found no capacity that sustains the declared workload");
    expect(error.message).toContain("no shard count helps");
    expect(error.message).toMatch(/What would help: .*suffix/);
  });

  it.each(["provisioned", "cheapest"] as const)(
    'mode "%s", infeasible: fails when the error lacks the throttled fraction, hot shard and load, binding constraint (the explicit-capacity format)',
    (mode) => {
      const capacity = StreamCapacity.forWorkload(HOT_KEY, { mode });
      const sizing = capacity.sizing!.sizing!;
      const at = checkCapacity(HOT_KEY, { mode: "provisioned", shards: sizing.simulatedShards });
      const error = validationFailure(() => new EncryptedStream(testStack().stack, "Orders", { streamName: "orders", capacity }));
      expect(error.message).toContain(`At ${sizing.simulatedShards} shards: ${formatCapacityVerdict(at, "Stream 'orders' (path test/Orders)")}`);
      expect(error.message).toMatch(/throttle fails \([\d.]+% of first attempts, [\d.]+% outside shards one key dominates, target ≤ 0\.100%/);
      expect(error.message).toMatch(/hot shard shardId-\d{12} peaks at [\d.]+ MiB\/s/);
      expect(error.message).toContain("binding constraint: hot-key");
      if (mode === "cheapest") expect(error.message).toMatch(/On-demand fails too: an established Standard on-demand stream throttles [\d.]+% of first attempts/);
    },
  );

  it("size() reports the shard count its figures were simulated at: the recommendation when feasible", () => {
    const sizing = StreamCapacity.forWorkload(TELEMETRY).sizing!.sizing!;
    expect(sizing.simulatedShards).toBe(sizing.recommendedShards);
  });

  it("reports an invalid workload or options as problems on capacity.workload.* / capacity.options.*", () => {
    const bad = { recordsPerSecond: -5, recordBytes: 100 } as Workload;
    const { stack } = testStack();
    const error = validationFailure(
      () => new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.forWorkload(bad, { headroom: 2 }) }),
    );
    expect(error.problems.map((p) => p.property)).toEqual(["capacity.options.headroom", "capacity.workload.recordsPerSecond"]);
  });

  it("rejects a different `workload` prop and a `capacityCheck` next to forWorkload; accepts the same workload", () => {
    const { stack } = testStack();
    const capacity = StreamCapacity.forWorkload(STEADY);
    const error = validationFailure(
      () =>
        new EncryptedStream(stack, "S", {
          streamName: "s",
          capacity,
          workload: { ...STEADY, recordsPerSecond: 2000 },
          capacityCheck: { headroom: 0.9 },
        }),
    );
    expect(error.problems.map((p) => p.property)).toEqual(["workload", "capacityCheck"]);
    // Same value, other key order: fine.
    new EncryptedStream(stack, "T", { streamName: "t", capacity, workload: { durationSeconds: 300, recordBytes: 1000, recordsPerSecond: 1000 } });
  });

  it('mode "on-demand" judges the steady state and warns about the cold start; "cheapest" picks the cheaper capacity that passes', () => {
    expect(StreamCapacity.forWorkload(STEADY, { mode: "on-demand" }).mode).toBe("ON_DEMAND");
    // Bursts above a new on-demand stream's 4 MiB/s: an established stream carries them, a new one throttles while it scales.
    const burstyWorkload = { ...TELEMETRY, recordsPerSecond: 1500 };
    const bursty = StreamCapacity.forWorkload(burstyWorkload, { mode: "on-demand" });
    const sizing = bursty.sizing!;
    expect(sizing.feasible).toBe(true);
    expect(bursty.mode).toBe("ON_DEMAND");
    expect(sizing.firstAttemptThrottledFraction).toBeLessThanOrEqual(0.001);
    expect(sizing.coldStart!.passes).toBe(false);
    expect(sizing.coldStart!.firstAttemptThrottledFraction).toBeGreaterThan(0.01);
    expect(sizing.explanation).toMatch(/on-demand passes in its steady state .*cold start [\d.]+% of first attempts throttled for \d+ min/);
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", { streamName: "s", capacity: bursty });
    const warnings = warningsOf(stream);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Stream 's' \(path test\/S\): on-demand sustains the declared workload once established, but a new stream starts at 4\.0 MiB\/s and throttles [\d.]+% of first attempts/);
    expect(warnings[0]).toContain("previousPeakMiBPerSecond");
    const tag = onlyStream(synthJson(stack)).tags.CapacitySizing;
    expect(tag).toMatch(/^forWorkload on-demand \/ first attempts throttled [\d.]+ pct \/ cold start [\d.]+ pct \/ est /);
    // Declared as established (its previous peak above the bursts): no warning.
    const established = StreamCapacity.forWorkload({ ...burstyWorkload, onDemand: { previousPeakMiBPerSecond: 12 } }, { mode: "on-demand" });
    expect(established.sizing!.coldStart!.passes).toBe(true);
    expect(warningsOf(new EncryptedStream(stack, "E", { streamName: "e", capacity: established }))).toEqual([]);

    // A key above one shard's limit fails on-demand too (its per-key limit), named as such.
    const hot = StreamCapacity.forWorkload(HOT_KEY, { mode: "on-demand" });
    expect(hot.sizing!.feasible).toBe(false);
    const error = validationFailure(() => new EncryptedStream(testStack().stack, "H", { streamName: "h", capacity: hot }));
    expect(error.message).toContain("does not sustain the declared workload with on-demand capacity");
    expect(error.message).toContain("binding constraint: hot-key");

    const cheapest = StreamCapacity.forWorkload(STEADY, { mode: "cheapest" }).sizing!;
    const { provisionedUsd, onDemandUsd } = cheapest.monthlyCost;
    expect(cheapest.recommendation).toBe(provisionedUsd! <= onDemandUsd ? `${size(STEADY).recommendedShards} provisioned shard${size(STEADY).recommendedShards === 1 ? "" : "s"}` : "on-demand");
    expect(cheapest.monthlyCost.chosenUsd).toBe(Math.min(provisionedUsd!, onDemandUsd));
  });

  it("onDemandTier: Advantage registers up to 50 enhanced fan-out consumers (Standard 20) and is priced as Advantage", () => {
    const many: Workload = { ...STEADY, consumers: { enhancedFanOut: 30 } };
    const standard = StreamCapacity.forWorkload(many, { mode: "on-demand" });
    expect(standard.sizing!.feasible).toBe(false);
    expect(standard.sizing!.explanation).toContain("On-demand Standard streams register at most 20");
    const advantage = StreamCapacity.forWorkload(many, { mode: "on-demand", onDemandTier: "advantage" });
    expect(advantage.sizing!.feasible).toBe(true);
    expect(advantage.sizing!.verdict!.capacity).toEqual({ mode: "on-demand", tier: "advantage" });
    expect(advantage.sizing!.monthlyCost.onDemandUsd).toBe(size(many).cost.onDemandAdvantage.totalMonthlyUsd);
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", { streamName: "s", capacity: advantage });
    expect(stack).toSustainWorkload(stream); // the matcher judges the tier the stream's check assumed
    const error = validationFailure(
      () => new EncryptedStream(stack, "B", { streamName: "b", capacity: StreamCapacity.forWorkload(STEADY, { onDemandTier: "premium" as never }) }),
    );
    expect(error.problems).toEqual([{ property: "capacity.options.onDemandTier", value: "premium", allowed: 'one of "standard", "advantage"' }]);
  });
});

describe("EncryptedStream: an explicit capacity checked against a declared workload", () => {
  it("fails synth when the shard count throttles, naming stream, path, shard count, throttled fraction, hot shard, binding constraint and the smallest passing count", () => {
    const { stack } = testStack();
    const shards = Math.max(1, Math.floor(recommended / 3));
    const error = validationFailure(
      () => new EncryptedStream(stack, "Clicks", { streamName: "clicks", capacity: StreamCapacity.provisioned(shards), workload: TELEMETRY }),
    );
    const verdict = checkCapacity(TELEMETRY, { mode: "provisioned", shards });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].property).toBe("capacity.shardCount");
    expect(error.problems[0].value).toBe(shards);
    const m = error.message;
    expect(m).toContain(`Stream 'clicks' (path test/Clicks) does not sustain the declared workload with ${shards} provisioned shards`);
    expect(m).toMatch(/[\d.]+% of first attempts throttled \(target ≤ 0\.100%\)/);
    expect(m).toMatch(/limit (holds|fails) \(busiest shard [\d.]+% .*growth (holds|fails) .*throttle (holds|fails)/);
    expect(m).toContain(`hot shard ${verdict.hotShard.shardId} peaks at ${(verdict.hotShard.peakBytesPerSecond / 1048576).toFixed(2)} MiB/s`);
    expect(m).toContain(`binding constraint: ${verdict.bindingConstraint}`);
    expect(m).toContain(`The smallest shard count that passes is ${recommended}`);
    // The synth error carries exactly the verdict's message (the matcher prints the same).
    expect(m).toContain(formatCapacityVerdict(verdict, "Stream 'clicks' (path test/Clicks)"));
  });

  it("passes with enough shards, tagged as checked", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "Clicks", {
      streamName: "clicks",
      capacity: StreamCapacity.provisioned(recommended + 2),
      workload: TELEMETRY,
    });
    expect(stream.capacityVerdict!.passes).toBe(true);
    expect(onlyStream(synthJson(stack)).tags.CapacitySizing).toMatch(/^checked \d+ provisioned shards \/ busiest [\d.]+ pct at peak \/ first attempts throttled /);
  });

  it("a hot key above one shard's limit: says no shard count helps and what would", () => {
    const { stack } = testStack();
    const error = validationFailure(
      () => new EncryptedStream(stack, "Tenants", { streamName: "tenants", capacity: StreamCapacity.provisioned(8), workload: HOT_KEY }),
    );
    expect(error.message).toContain("Stream 'tenants' (path test/Tenants) does not sustain the declared workload with 8 provisioned shards");
    expect(error.message).toContain("binding constraint: hot-key");
    expect(error.message).toContain("No provisioned shard count passes");
    expect(error.message).toContain('hottest partition key "tenant-42": 100.0% of the traffic');
    expect(error.message).toMatch(/What would help: Use better partition keys/);
    expect(error.message).toContain("On-demand capacity does NOT fix a hot key");
  });

  it("checks on-demand streams against on-demand behaviour", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "Ok", { streamName: "ok", workload: STEADY });
    const error = validationFailure(() => new EncryptedStream(stack, "Hot", { streamName: "hot", workload: HOT_KEY }));
    expect(error.problems[0].property).toBe("capacity");
    expect(error.message).toContain("with on-demand capacity");
  });

  it("honours capacityCheck (headroom 1: growth asks nothing beyond the limits) and reports invalid workloads on workload.*", () => {
    const { stack } = testStack();
    const sized = size(TELEMETRY);
    const below = sized.questions.limit.shards!;
    expect(below).toBeLessThan(recommended); // growth binds TELEMETRY: the limits alone need fewer shards
    const defaults = checkCapacity(TELEMETRY, { mode: "provisioned", shards: below });
    expect(defaults.failures.map((f) => f.kind)).toEqual(["growth"]);
    const atLimit = checkCapacity(TELEMETRY, { mode: "provisioned", shards: below }, { headroom: 1 });
    expect(atLimit.passes).toBe(true);
    new EncryptedStream(stack, "Loose", {
      streamName: "loose",
      capacity: StreamCapacity.provisioned(below),
      workload: TELEMETRY,
      capacityCheck: { headroom: 1 },
    });
    const error = validationFailure(
      () =>
        new EncryptedStream(stack, "Bad", {
          streamName: "bad",
          capacity: StreamCapacity.provisioned(2),
          workload: { recordsPerSecond: 10, recordBytes: 0, partitionKey: { strategy: "entity", distinctKeys: 0 } } as Workload,
          capacityCheck: { targetThrottledFraction: 2 },
        }),
    );
    expect(error.problems.map((p) => p.property)).toEqual(
      expect.arrayContaining(["workload.recordBytes", "workload.partitionKey.distinctKeys", "capacityCheck.targetThrottledFraction"]),
    );
    const orphan = validationFailure(() => new EncryptedStream(stack, "Orphan", { streamName: "orphan", capacityCheck: { headroom: 0.9 } }));
    expect(orphan.problems.map((p) => p.property)).toEqual(["capacityCheck"]);
  });
});

describe("StreamAlarms: incoming bytes/records alarms derived from provisioned capacity", () => {
  function alarms(json: any): Record<string, any> {
    return Object.fromEntries((Object.values(resourcesOfType(json, "aws_cloudwatch_metric_alarm")) as any[]).map((a) => [a.metric_name, a]));
  }

  it.each([
    [4, undefined, 0.8],
    [7, 0.5, 0.5],
    [1, 1, 1],
  ])("%i shards at fraction %s: shards × 1 MiB/s × 60 s and shards × 1,000 records/s × 60 s, per-minute sums", (shards, fraction, used) => {
    const { stack } = testStack();
    new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.provisioned(shards), capacityAlarmFraction: fraction });
    const byMetric = alarms(synthJson(stack));
    expect(byMetric.IncomingBytes).toMatchObject({
      statistic: "Sum",
      period: 60,
      comparison_operator: "GreaterThanThreshold",
      threshold: Math.floor(used * shards * 1048576 * 60),
      dimensions: { StreamName: "s" },
    });
    expect(byMetric.IncomingRecords).toMatchObject({ statistic: "Sum", period: 60, threshold: Math.floor(used * shards * 1000 * 60) });
    expect(capacityAlarmThresholds(shards, used)).toEqual({
      bytesPerMinute: byMetric.IncomingBytes.threshold,
      recordsPerMinute: byMetric.IncomingRecords.threshold,
    });
  });

  it("uses the sized shard count with forWorkload", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.forWorkload(TELEMETRY) });
    expect(alarms(synthJson(stack)).IncomingBytes.threshold).toBe(Math.floor(0.8 * recommended * 1048576 * 60));
  });

  it("gives on-demand streams no capacity alarms (no fixed capacity)", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "S", { streamName: "s" });
    const byMetric = alarms(synthJson(stack));
    expect(byMetric.IncomingBytes).toBeUndefined();
    expect(byMetric.IncomingRecords).toBeUndefined();
    expect(byMetric.WriteProvisionedThroughputExceeded).toBeDefined();
  });

  it("rejects a fraction outside (0, 1], and one given without alarms", () => {
    const { stack } = testStack();
    for (const bad of [0, 1.5, NaN]) {
      const error = validationFailure(
        () => new EncryptedStream(stack, `S${bad}`, { streamName: "s", capacity: StreamCapacity.provisioned(2), capacityAlarmFraction: bad }),
      );
      expect(error.problems.map((p) => p.property)).toEqual(["capacityAlarmFraction"]);
    }
    const error = validationFailure(() => new EncryptedStream(stack, "N", { streamName: "n", alarms: false, capacityAlarmFraction: 0.5 }));
    expect(error.problems.map((p) => p.property)).toEqual(["capacityAlarmFraction"]);
  });
});

describe("StreamingPipeline with a workload", () => {
  it("passes the workload to the stream and reports every problem of both parts together", () => {
    const { stack } = testStack();
    const error = validationFailure(
      () =>
        new StreamingPipeline(stack, "Tenants", {
          name: "tenants",
          workload: HOT_KEY,
          stream: { capacity: StreamCapacity.provisioned(4) },
          delivery: { bufferingSizeMiB: 500 },
        }),
    );
    expect(error.constructPath).toBe("test/Tenants");
    const properties = error.problems.map((p) => p.property);
    expect(properties).toContain("stream.capacity.shardCount");
    expect(properties).toContain("delivery.bufferingSizeMiB");
    expect(error.message).toContain("Stream 'tenants' (path test/Tenants/Stream) does not sustain the declared workload with 4 provisioned shards");
  });

  it("reports an invalid shared workload once, as workload.*", () => {
    const { stack } = testStack();
    const error = validationFailure(
      () => new StreamingPipeline(stack, "P", { name: "p", workload: { recordsPerSecond: 0, recordBytes: 100 } as Workload }),
    );
    expect(error.problems.filter((p) => p.property === "workload.recordsPerSecond")).toHaveLength(1);
  });

  it("sizes the stream from the workload and the matcher agrees", () => {
    const { stack } = testStack();
    const pipeline = new StreamingPipeline(stack, "Telemetry", {
      name: "telemetry",
      workload: TELEMETRY,
      stream: { capacity: StreamCapacity.forWorkload(TELEMETRY) },
    });
    expect(pipeline.stream.capacity.shardCount).toBe(recommended);
    expect(stack).toSustainWorkload(pipeline, TELEMETRY);
  });
});

describe("toTagValue", () => {
  it("keeps AWS's tag charset and length", () => {
    expect(toTagValue("peak 72.3% ($907.61/month); binding: write-bytes, (x)")).toBe("peak 72.3 pct 907.61/month binding: write-bytes x");
    expect(toTagValue("x".repeat(300))).toHaveLength(256);
    expect(toTagValue("a=b+c-d@e_f.g:h/i")).toBe("a=b+c-d@e_f.g:h/i");
  });
});

describe("toSustainWorkload", () => {
  it("reads the synthesized shard count: an escape-hatch override is what it judges", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.forWorkload(TELEMETRY) });
    expect(stack).toSustainWorkload(stream, TELEMETRY);
    stream.stream.addOverride("shard_count", 1);
    expect(stack).not.toSustainWorkload(stream, TELEMETRY);
    expect(stack).not.toSustainWorkload("s"); // by name, with no workload: fails (no declared workload reachable)
  });

  it("fails with the synth error's message", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "Tenants", { streamName: "tenants", capacity: StreamCapacity.provisioned(3) });
    const verdict = checkCapacity(HOT_KEY, { mode: "provisioned", shards: 3 });
    expect(() => expect(stack).toSustainWorkload("tenants", HOT_KEY)).toThrow(
      formatCapacityVerdict(verdict, "Stream 'tenants' (resource aws_kinesis_stream." + Object.keys(resourcesOfType(synthJson(stack), "aws_kinesis_stream"))[0] + ")"),
    );
    // Given the construct, the subject is the same as the synth error's.
    const { stack: other } = testStack();
    const tenants = new EncryptedStream(other, "Tenants", { streamName: "tenants", capacity: StreamCapacity.provisioned(3) });
    expect(() => expect(other).toSustainWorkload(tenants, HOT_KEY)).toThrow(formatCapacityVerdict(verdict, "Stream 'tenants' (path test/Tenants)"));
    const synthError = validationFailure(
      () => new EncryptedStream(testStack().stack, "Tenants", { streamName: "tenants", capacity: StreamCapacity.provisioned(3), workload: HOT_KEY }),
    );
    expect(synthError.message).toContain(formatCapacityVerdict(verdict, "Stream 'tenants' (path test/Tenants)"));
  });

  it("says why when the shard count is not a literal", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.provisioned(2) });
    stream.stream.addOverride("shard_count", "${var.shards}");
    expect(() => expect(stack).toSustainWorkload(stream, STEADY)).toThrow("not a literal shard count");
    expect(Testing.synth(stack)).toContain("var.shards");
  });
});

describe("Terraform tokens in workload-related props", () => {
  it("skips the capacity check with a warning when an explicit capacity's workload holds tokens (no garbage error, no token hashed as a key)", () => {
    const { stack } = testStack();
    const rate = new EncryptedStream(stack, "Rate", {
      streamName: "rate",
      capacity: StreamCapacity.provisioned(2),
      workload: { ...STEADY, recordsPerSecond: Token.asNumber("${var.rate}") },
    });
    // A string token as the static key: hashing "${TfToken[...]}" would judge a key that is never written.
    const key = new EncryptedStream(stack, "Key", {
      streamName: "key",
      capacity: StreamCapacity.provisioned(2),
      workload: { ...STEADY, recordsPerSecond: 400, partitionKey: { strategy: "static", value: new TerraformVariable(stack, "tenant", { type: "string" }).stringValue } },
    });
    expect(warningsOf(rate)).toEqual([
      "Stream 'rate' (path test/Rate): the capacity was not checked against the declared workload: workload.recordsPerSecond is a Terraform token (known only at deploy time).",
    ]);
    expect(warningsOf(key)).toEqual([expect.stringContaining("workload.partitionKey.value is a Terraform token")]);
    expect(rate.capacityVerdict).toBeUndefined();
    const json = synthJson(stack);
    for (const s of Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[]) expect(s.tags?.CapacitySizing).toBeUndefined();
    expect(json.output ?? {}).toEqual({});
  });

  it("forWorkload with a token in the workload: one problem naming the field and why a literal is needed (not the token's numeric encoding)", () => {
    const { stack } = testStack();
    const error = validationFailure(
      () => new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.forWorkload({ ...STEADY, recordsPerSecond: Token.asNumber("${var.rate}") }) }),
    );
    expect(error.problems).toEqual([expect.objectContaining({ property: "capacity.workload.recordsPerSecond", value: "a Terraform token" })]);
    expect(error.message).toContain("sizes the stream at synth");
    expect(error.message).not.toMatch(/e\+\d{2,}/);
  });

  it.each([
    ["capacityAlarmFraction", (f: number) => ({ capacity: StreamCapacity.provisioned(4), capacityAlarmFraction: f })],
    ["shard count", (f: number) => ({ capacity: StreamCapacity.provisioned(f) })],
  ])("a %s token gives Terraform-computed alarm thresholds, not JavaScript arithmetic on the token's encoding", (_what, props) => {
    const { stack } = testStack();
    new EncryptedStream(stack, "S", { streamName: "s", ...props(new TerraformVariable(stack, "x", { type: "number" }).numberValue) });
    const byMetric = Object.fromEntries(
      (Object.values(resourcesOfType(synthJson(stack), "aws_cloudwatch_metric_alarm")) as any[]).map((a) => [a.metric_name, a]),
    );
    expect(byMetric.IncomingBytes.threshold).toMatch(/^\$\{floor\(\(\((0\.8 \* var\.x|var\.x \* 4)\) \* 62914560\)\)\}$/);
    expect(byMetric.IncomingRecords.threshold).toMatch(/^\$\{floor\(\(\((0\.8 \* var\.x|var\.x \* 4)\) \* 60000\)\)\}$/);
    expect(JSON.stringify(byMetric)).not.toMatch(/e\+\d{2,}/);
  });
});

describe("memoized verdicts and sizing results", () => {
  it("fails when a caller can change a cached verdict: nested objects are frozen and the capacity is a copy", () => {
    const capacity = { mode: "provisioned" as const, shards: 3 };
    const verdict = checkCapacity(STEADY, capacity);
    expect(verdict.capacity).not.toBe(capacity);
    expect(Object.isFrozen(verdict.hotShard)).toBe(true);
    expect(Object.isFrozen(verdict.capacity)).toBe(true);
    (capacity as { shards: number }).shards = 1; // the caller reuses its object
    expect(checkCapacity(STEADY, { mode: "provisioned", shards: 3 }).capacity).toEqual({ mode: "provisioned", shards: 3 });
    const sizing = StreamCapacity.forWorkload(TELEMETRY).sizing!.sizing!;
    expect(Object.isFrozen(sizing.advice)).toBe(true);
    expect(Object.isFrozen(sizing.cost)).toBe(true);
  });
});

describe("toSustainWorkload with the stream's declared workload", () => {
  it("judges by the stream's own check criteria (capacityCheck), so it never fails a stream synth accepted", () => {
    const loose = checkCapacity(TELEMETRY, { mode: "provisioned", shards: recommended - 1 }, { headroom: 1 });
    const strict = checkCapacity(TELEMETRY, { mode: "provisioned", shards: recommended - 1 });
    expect(loose.passes && !strict.passes).toBe(true); // the case this test is about
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", {
      streamName: "s",
      capacity: StreamCapacity.provisioned(recommended - 1),
      workload: TELEMETRY,
      capacityCheck: { headroom: 1 },
    });
    expect(stack).toSustainWorkload(stream);
    expect(stack).not.toSustainWorkload(stream, TELEMETRY); // an explicit workload: the default criteria
    expect(stack).not.toSustainWorkload(stream, undefined, { headroom: 0.8 });
  });

  it("reads stream_mode_details in Terraform JSON's list form too (an override): fails when ON_DEMAND is read as PROVISIONED", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "S", { streamName: "s", capacity: StreamCapacity.provisioned(2) });
    stream.stream.addOverride("stream_mode_details", [{ stream_mode: "ON_DEMAND" }]);
    stream.stream.addOverride("shard_count", null);
    expect(() => expect(stack).toSustainWorkload(stream, HOT_KEY)).toThrow("does not sustain the declared workload with on-demand capacity");
  });

  it("finds the declared workload through a StreamingPipeline, as docs/sizing.md says", () => {
    const { stack } = testStack();
    const pipeline = new StreamingPipeline(stack, "P", { name: "p", workload: STEADY, stream: { capacity: StreamCapacity.forWorkload(STEADY) } });
    expect(stack).toSustainWorkload(pipeline);
    pipeline.stream.stream.addOverride("shard_count", 1);
    expect(() => expect(stack).toSustainWorkload(pipeline)).toThrow("Stream 'p' (path test/P/Stream) does not sustain the declared workload with 1 provisioned shard");
  });
});

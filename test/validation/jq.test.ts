/**
 * FirehoseToS3's JQ partitioning query, checked with real jq (jq-wasm, jq 1.7.1) at synth: expressions that do not
 * compile fail synth; what jq 1.7 added (Firehose runs jq 1.6) warns; with a declared workload's sample payloads
 * the query runs on each, counting the partitions and warning of payloads that would go to the error prefix.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Token } from "cdktf";
import * as fc from "fast-check";
import { FIREHOSE_LIMITS, type Workload } from "stream-simulator";
import { FirehoseToS3 } from "../../constructs/firehose/firehose-to-s3";
import type { DynamicPartitioningOptions, FirehoseToS3Props } from "../../constructs/firehose/props";
import { checkFirehoseWorkload } from "../../constructs/validation/firehose-workload";
import { checkJqQuery, evaluateOnSamples, jq16Warnings } from "../../constructs/validation/jq";
import { runJq } from "../../constructs/validation/jq-engine";
import { validationFailure, warningsOf } from "../helpers/assertions";
import { testStack } from "../helpers/test-stack";

const JQ = "dynamicPartitioning.jqQuery";
const PREFIX = "data/!{partitionKeyFromQuery:tenant}/!{timestamp:yyyy/MM/dd}/";

/** A partitioned direct-PUT delivery whose jqQuery is `{ tenant: expression }`. */
function partitioned(
  expression: string,
  extra: Omit<Partial<FirehoseToS3Props>, "dynamicPartitioning"> & { dynamicPartitioning?: Partial<DynamicPartitioningOptions> } = {},
): FirehoseToS3Props {
  const { dynamicPartitioning, ...rest } = extra;
  return {
    deliveryStreamName: "events",
    bufferingSizeMiB: 64,
    prefix: PREFIX,
    ...rest,
    dynamicPartitioning: { ...dynamicPartitioning, jqQuery: { tenant: expression } },
  };
}

describe("the jq engine", () => {
  it("never keeps a process alive: a program that ran jq exits at once (the built package, as a consumer runs it)", () => {
    // `npm test` builds dist/ first (its type check).
    const engine = path.resolve(__dirname, "../../dist/constructs/validation/jq-engine.js");
    const result = spawnSync(process.execPath, ["-e", `console.log(JSON.stringify(require(${JSON.stringify(engine)}).runJq([{ filter: ".a", input: "{\\"a\\":1}" }])))`], {
      encoding: "utf8",
      timeout: 20_000,
    });
    // A kept-alive process would be killed at the timeout (status null).
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('[{"ok":true,"output":"1"}]');
  });

  it("is real jq: runs a filter on an input, and reports jq's own compile error", () => {
    expect(runJq([{ filter: ".a | ascii_upcase", input: '{"a":"x"}', flags: ["-c"] }])).toEqual([{ ok: true, output: '"X"' }]);
    const [broken] = runJq([{ filter: ".a | | x" }]);
    expect(broken).toEqual({ ok: false, error: expect.stringMatching(/syntax error, unexpected '\|'[\s\S]*1 compile error/) });
  });
});

describe("jqQuery expressions: compiled by jq at synth", () => {
  it.each([
    [".tenant | | x", "syntax error, unexpected '|'"],
    ["if .a then 1", "Possibly unterminated 'if' statement"],
    ["tenant_of(.)", "tenant_of/1 is not defined"],
    ['.a | strftime("%Y"', "syntax error"],
  ])("fails when an expression does not compile: %j (jq: %s)", (expression, message) => {
    const { stack } = testStack();
    const error = validationFailure(() => new FirehoseToS3(stack, "Delivery", partitioned(expression)));
    expect(error.constructPath).toBe("test/Delivery");
    expect(error.problems).toEqual([
      { property: `${JQ}.tenant`, value: expression, allowed: expect.stringMatching(/^a jq expression that compiles \(jq says: /) },
    ]);
    expect(error.problems[0].allowed).toContain(message);
    // jq's message without its echo of the program or its shell-quoting hint.
    expect(error.problems[0].allowed).not.toMatch(/Unix shell|<top-level>/);
  });

  it("accepts expressions that compile, whatever they would do at run time", () => {
    const query = {
      tenant: ".tenant",
      year: '(.ts / 1000 | strftime("%Y"))',
      kind: ".detail.type | ascii_downcase",
      first: '.items[0].sku // "none"',
      number: ".a | tonumber",
    };
    expect(checkJqQuery(JQ, query)).toEqual([]);
  });

  it("accepts jq 1.6 builtins jq 1.7 removed (leaf_paths, recurse_down): Firehose runs jq 1.6", () => {
    expect(checkJqQuery(JQ, { a: "[leaf_paths] | length", b: "[recurse_down] | length" })).toEqual([]);
  });

  it("compiles each expression as its part of the object Firehose runs, so one that only parses alone fails", () => {
    // `empty | (.a) + (.b)` parses; `{k:(.a) + (.b)}`, what Firehose would run, does not.
    expect(checkJqQuery(JQ, { k: ".a) + (.b" }).map((p) => p.property)).toEqual([`${JQ}.k`]);
  });

  it("reports every broken expression at once, each under its key", () => {
    expect(checkJqQuery(JQ, { a: ".a", b: ".b |", c: "((.c" }).map((p) => p.property)).toEqual([`${JQ}.b`, `${JQ}.c`]);
  });

  it("skips Terraform tokens, and blank expressions (reported by the rule for empty expressions)", () => {
    expect(checkJqQuery(JQ, { tenant: Token.asString({ Ref: "x" }), blank: " " })).toEqual([]);
  });

  it("returns at most one problem per expression and never throws, for any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (expression) => {
        const problems = checkJqQuery(JQ, { k: expression });
        expect(problems.length).toBeLessThanOrEqual(1);
        for (const p of problems) expect(p).toMatchObject({ property: `${JQ}.k`, value: expression });
      }),
    );
  });
});

describe("jqQuery expressions: what jq 1.7 added, which Firehose's jq 1.6 rejects, warns", () => {
  it.each([
    ["pick(.tenant)", "pick(…)"],
    ['if .a then "x" end', "if without else"],
    ['.a.["b"]', 'a dot before a bracket index (.a.["b"])'],
    ['"t" as $k | {$k: .a} | .t', "a $binding as an object key"],
    [".n | abs", "abs"],
    ['.s | scan("ab"; "i")', "scan($re; $flags)"],
    ['debug("x") | .a', "debug(…) with an argument"],
  ])("warns for %j (%s)", (expression, what) => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "Delivery", partitioned(expression));
    const warnings = warningsOf(delivery).filter((w) => w.startsWith(`${JQ}.tenant:`));
    expect(warnings).toEqual([expect.stringContaining(`uses ${what}`)]);
    expect(warnings[0]).toContain("Firehose runs jq 1.6");
  });

  it("does not warn for jq 1.6 expressions, including if/elif/else and keywords inside strings", () => {
    expect(
      jq16Warnings(JQ, {
        a: 'if .a then "x" elif .b then "y" else "z" end',
        b: '.msg | test("if this then that")',
        c: '.a["b"]',
        d: '.picked | .absent',
        e: '"t" as $k | {($k): .a} | .t',
        // The additions' names as text: in strings, never the builtins.
        f: 'if .unit == "abs" then 1 else 2 end',
        g: '.id | ltrimstr("abs-")',
        h: '.host | test("^web.[0-9]+")',
        i: '.s | scan("a;b")',
        j: '.s | sub("pick("; "")',
      }),
    ).toEqual([]);
  });

  it("warns for a $binding key after another field, and a keyword as a binding name", () => {
    expect(jq16Warnings(JQ, { a: '"x" as $x | {a: 1, $x: 2} | .a', b: ". as $if | .a" }).map((w) => w.replace(/:.*? uses /, " uses ").split(",")[0])).toEqual([
      `${JQ}.a uses a $binding as an object key ({$key: …})`,
      `${JQ}.b uses a keyword as a binding name (. as $if)`,
    ]);
  });
});

describe("jqQuery on a workload's sample payloads", () => {
  const samples = (...docs: unknown[]): string[] => docs.map((d) => (typeof d === "string" ? d : JSON.stringify(d)));

  it("counts the distinct partitions the payloads give, as Firehose's MetadataExtraction runs the query", () => {
    const result = evaluateOnSamples({ tenant: ".tenant", kind: ".type" }, samples({ tenant: "a", type: 1 }, { tenant: "a", type: 1 }, { tenant: "b", type: 1 }, { tenant: "a", type: 2 }));
    expect(result).toEqual({ evaluated: 4, distinctPartitions: 3, notJson: [], failed: [], missingKeys: new Map(), tooLarge: [] });
  });

  it("evaluates large and many payloads in time: 800 KiB, 450 payloads (several batches, a fresh jq instance past 250 runs); says which are too large", () => {
    const payload = (tenant: string, kib: number) => JSON.stringify({ tenant, blob: "x".repeat(kib * 1024) });
    const big = evaluateOnSamples({ tenant: ".tenant" }, [payload("a", 800), payload("b", 1000)])!;
    expect(big).toMatchObject({ evaluated: 1, distinctPartitions: 1, notJson: [], failed: [], tooLarge: [1] });
    const many = evaluateOnSamples({ tenant: ".tenant" }, Array.from({ length: 450 }, (_, i) => JSON.stringify({ tenant: `t${i % 300}`, i })))!;
    expect(many).toMatchObject({ evaluated: 450, distinctPartitions: 300, notJson: [], failed: [] });
  });

  it("finds the payloads Firehose would send to the error prefix: not JSON, a jq error, several results, a key without a value", () => {
    const result = evaluateOnSamples(
      { tenant: ".tenant", n: ".n | tonumber" },
      samples({ tenant: "a", n: "1" }, "not json", { tenant: "b", n: "x" }, { n: "2" }, "[1,2]"),
    )!;
    expect(result.notJson).toEqual([1]);
    expect(result.failed.map((f) => f.index)).toEqual([2, 4]);
    expect(result.failed[0].error).toMatch(/Invalid numeric literal .*while parsing 'x'/);
    expect(result.missingKeys).toEqual(new Map([["tenant", [3]]]));
    expect(result.distinctPartitions).toBe(1);
    expect(evaluateOnSamples({ item: ".items[]" }, samples({ items: [1, 2] }))!.failed).toEqual([{ index: 0, error: "the query gave 2 results, not one object" }]);
  });

  const WORKLOAD: Workload = { recordsPerSecond: 256, recordBytes: 512 };
  const withSamples = (docs: unknown[], expectedActivePartitions?: number): FirehoseToS3Props =>
    partitioned(".tenant", {
      workload: { ...WORKLOAD, samplePayloads: samples(...docs) },
      dynamicPartitioning: { expectedActivePartitions },
    });

  it("checks the active-partition quota against the samples' partitions when none are declared, saying it is a lower bound", () => {
    const check = checkFirehoseWorkload(withSamples([{ tenant: "a" }, { tenant: "b" }, { tenant: "b" }]))!;
    expect(check.problems).toEqual([]);
    expect(check.estimate?.activePartitions?.count).toBe(2);
    expect(check.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Active partitions checked as 2: the distinct partition keys of the 3 workload\.samplePayloads .* a lower bound/)]));
  });

  it("fails when the samples alone give more partitions than Firehose's default quota", () => {
    const many = Array.from({ length: FIREHOSE_LIMITS.activePartitionsDefault.value + 1 }, (_, i) => ({ tenant: `t${i}` }));
    const check = checkFirehoseWorkload(withSamples(many))!;
    expect(check.problems).toEqual([
      expect.objectContaining({ property: "dynamicPartitioning.expectedActivePartitions", value: many.length, allowed: expect.stringContaining("at most 500 active partitions") }),
    ]);
  });

  it("warns when the samples give more partitions than declared, and of each kind of payload the error prefix would get", () => {
    const check = checkFirehoseWorkload(withSamples([{ tenant: "a" }, { tenant: "b" }, { tenant: "c" }, "oops", { other: 1 }], 2))!;
    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual(
      expect.arrayContaining([
        "dynamicPartitioning.expectedActivePartitions is 2, but the 5 workload.samplePayloads alone give 3 distinct partitions under dynamicPartitioning.jqQuery: check the declared figure.",
        "dynamicPartitioning.jqQuery: 1 of the 5 workload.samplePayloads are not JSON (payload 4); Firehose delivers such records to the error prefix (errorOutputPrefix), not the partitions.",
        "dynamicPartitioning.jqQuery.tenant: has no value (null) on 1 of the 5 workload.samplePayloads (payload 5); Firehose delivers such records to the error prefix (errorOutputPrefix), not the partitions.",
      ]),
    );
  });

  it("still needs expectedActivePartitions when no sample can be partitioned", () => {
    const check = checkFirehoseWorkload(withSamples(["oops"]))!;
    expect(check.problems.map((p) => p.property)).toEqual(["dynamicPartitioning.expectedActivePartitions"]);
  });
});

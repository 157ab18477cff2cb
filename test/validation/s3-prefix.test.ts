import * as fc from "fast-check";
import { ALLOWED_VALUES } from "stream-simulator";
import { TerraformVariable } from "cdktf";
import { FirehoseToS3 } from "../../constructs/firehose/firehose-to-s3";
import { DEFAULT_ERROR_OUTPUT_PREFIX, DEFAULT_PREFIX } from "../../constructs/firehose/settings";
import { prefixWarnings } from "../../constructs/validation/s3-prefix";
import { warningsOf } from "../helpers/assertions";
import { testStack } from "../helpers/test-stack";
import { checkTimestampPattern, parsePrefix, partitionKeysIn } from "../../constructs/validation/s3-prefix";

describe("parsePrefix: the Firehose S3 prefix grammar (s3-prefixes.html)", () => {
  it("returns no expressions and no problems for a literal prefix", () => {
    expect(parsePrefix("raw/orders/")).toEqual({ expressions: [], problems: [] });
    expect(parsePrefix("")).toEqual({ expressions: [], problems: [] });
  });

  it("parses every namespace and keeps the raw text", () => {
    const parsed = parsePrefix(
      "data/!{partitionKeyFromQuery:customer}/!{partitionKeyFromLambda:region}/!{timestamp:yyyy/MM/dd}/!{firehose:random-string}/",
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.expressions).toEqual([
      { namespace: "partitionKeyFromQuery", value: "customer", raw: "!{partitionKeyFromQuery:customer}" },
      { namespace: "partitionKeyFromLambda", value: "region", raw: "!{partitionKeyFromLambda:region}" },
      { namespace: "timestamp", value: "yyyy/MM/dd", raw: "!{timestamp:yyyy/MM/dd}" },
      { namespace: "firehose", value: "random-string", raw: "!{firehose:random-string}" },
    ]);
    expect(partitionKeysIn(parsed, "partitionKeyFromQuery")).toEqual(["customer"]);
  });

  it("accepts the error prefix example from the AWS docs", () => {
    expect(parsePrefix("myPrefix/result=!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}").problems).toEqual([]);
  });

  it("accepts quoted literals in a timestamp pattern", () => {
    expect(parsePrefix("!{timestamp:'year='yyyy'/month='MM}/").problems).toEqual([]);
  });

  it("flags an unclosed !{", () => {
    const { problems } = parsePrefix("data/!{timestamp:yyyy/");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/"!\{timestamp:yyyy\/" at position 5 .*not closed by "\}"/);
  });

  it("flags an expression opened inside another before it closes", () => {
    const { problems, expressions } = parsePrefix("!{timestamp:yyyy/!{timestamp:MM}/");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("not closed");
    expect(expressions.map((e) => e.raw)).toEqual(["!{timestamp:MM}"]);
  });

  it("flags an empty expression", () => {
    expect(parsePrefix("a/!{}/").problems).toEqual([expect.stringContaining("!{} is an empty expression")]);
  });

  it("flags an expression without ':'", () => {
    expect(parsePrefix("!{timestamp}").problems).toEqual([expect.stringContaining("has no ':'")]);
  });

  it("flags an unknown namespace and lists the valid ones", () => {
    const { problems } = parsePrefix("!{date:yyyy}/");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('unknown namespace "date"');
    expect(problems[0]).toContain("firehose, timestamp, partitionKeyFromQuery, partitionKeyFromLambda");
  });

  it("flags a firehose value other than error-output-type / random-string", () => {
    expect(parsePrefix("!{firehose:stream-name}").problems).toEqual([
      "!{firehose:stream-name}: the firehose namespace takes only !{firehose:error-output-type} or !{firehose:random-string}",
    ]);
  });

  it("flags a partition key expression without a key name", () => {
    expect(parsePrefix("!{partitionKeyFromQuery:}").problems).toEqual([expect.stringContaining("needs a partition key name")]);
    expect(parsePrefix("!{partitionKeyFromLambda: id}").problems).toHaveLength(1);
  });

  it("flags an empty timestamp pattern", () => {
    expect(parsePrefix("!{timestamp:}").problems).toEqual([expect.stringContaining("the timestamp pattern is empty")]);
  });

  it("flags unknown pattern letters, reserved characters and too-long letter runs in timestamps", () => {
    expect(checkTimestampPattern("YYYY/MM/DD")).toEqual([]); // valid Java (week-year, day-of-year), if surprising
    expect(checkTimestampPattern("yyyy-MM-dd'T'HH")).toEqual([]);
    expect(checkTimestampPattern("yyyy/bb")).toEqual([expect.stringContaining('"b" is not a supported pattern letter')]);
    expect(checkTimestampPattern("yyyy#MM")).toEqual([expect.stringContaining('"#" is not allowed')]);
    expect(checkTimestampPattern("yyyy MM")).toEqual([expect.stringContaining('" " is not allowed')]);
    expect(checkTimestampPattern("ddd")).toEqual([expect.stringContaining('repeats "d" more than 2 times')]);
    expect(checkTimestampPattern("yyyy'oops")).toEqual([expect.stringContaining("not closed")]);
  });

  it("reports every problem in one prefix", () => {
    expect(parsePrefix("!{x:y}/!{firehose:z}/!{timestamp:q#}/").problems).toHaveLength(3);
  });

  const literal = fc.stringMatching(/^[a-z0-9=/_-]{0,8}$/);
  const validExpression = fc.oneof(
    fc.constantFrom(...ALLOWED_VALUES.firehoseNamespaceValues.values).map((v) => `!{firehose:${v}}`),
    // Fields joined by separators (adjacent equal letters would merge into an over-long run such as "mmmm").
    fc
      .tuple(
        fc.array(fc.constantFrom("yyyy", "MM", "dd", "HH", "mm", "ss", "SSS", "'h='HH"), { minLength: 1, maxLength: 5 }),
        fc.constantFrom("/", "-", "_", "."),
      )
      .map(([fields, sep]) => `!{timestamp:${fields.join(sep)}}`),
    fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}$/).map((k) => `!{partitionKeyFromQuery:${k}}`),
    fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}$/).map((k) => `!{partitionKeyFromLambda:${k}}`),
  );

  it("property: prefixes built from literals and valid expressions parse cleanly, one expression each", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, validExpression), { maxLength: 6 }), literal, (pairs, tail) => {
        const prefix = pairs.map(([l, e]) => l + e).join("") + tail;
        const parsed = parsePrefix(prefix);
        expect(parsed.problems).toEqual([]);
        expect(parsed.expressions.map((e) => e.raw)).toEqual(pairs.map(([, e]) => e));
      }),
    );
  });

  it("property: an unknown namespace anywhere is flagged", () => {
    const namespaces: readonly string[] = ALLOWED_VALUES.firehosePrefixNamespaces.values;
    fc.assert(
      fc.property(
        literal,
        fc.stringMatching(/^[a-zA-Z]{1,12}$/).filter((ns) => !namespaces.includes(ns)),
        (before, ns) => {
          const { problems } = parsePrefix(`${before}!{${ns}:v}/!{timestamp:yyyy}`);
          expect(problems).toEqual([expect.stringContaining(`unknown namespace "${ns}"`)]);
        },
      ),
    );
  });

  it("property: parsing never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("!", "{", "}", ":", "a", "y", "/", "'") }), (s) => {
        const parsed = parsePrefix(s);
        expect(Array.isArray(parsed.problems)).toBe(true);
        if (!s.includes("!{")) expect(parsed).toEqual({ expressions: [], problems: [] });
      }),
    );
  });
});

describe("prefixWarnings: prefixes AWS accepts that are almost surely mistakes", () => {
  it("warns when a timestamp pattern uses YYYY (week-based year), DD (day of year) or mm before any hour (minutes)", () => {
    expect(prefixWarnings("prefix", "data/!{timestamp:YYYY/mm/DD}/")).toEqual([
      "prefix: !{timestamp:YYYY/mm/DD} uses YYYY, the week-based year (the last days of December fall into the next year's folder); use yyyy for the calendar year",
      "prefix: !{timestamp:YYYY/mm/DD} uses DD, the day of the year; use dd for the day of the month",
      "prefix: !{timestamp:YYYY/mm/DD} uses mm, the minutes, where no hour precedes it; use MM for the month",
    ]);
  });

  it("warns when the prefix does not end with '/' (the last folder and the file name run together)", () => {
    expect(prefixWarnings("prefix", "data/!{partitionKeyFromQuery:tenant}")).toEqual([
      expect.stringMatching(/^prefix: "data\/!\{partitionKeyFromQuery:tenant\}" does not end with "\/": Firehose appends the object name/),
    ]);
  });

  it("draws none for the defaults, minutes after an hour, an empty prefix and a token", () => {
    for (const prefix of [DEFAULT_PREFIX, DEFAULT_ERROR_OUTPUT_PREFIX, "logs/!{timestamp:yyyy/MM/dd/HH/mm}/", ""]) {
      expect(prefixWarnings("prefix", prefix)).toEqual([]);
    }
    const { stack } = testStack();
    expect(prefixWarnings("prefix", new TerraformVariable(stack, "p", { type: "string" }).stringValue)).toEqual([]);
  });

  it("reaches the user as FirehoseToS3 synth warnings, for both prefixes", () => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "sink", { deliveryStreamName: "sink", prefix: "data/!{timestamp:yyyy/MM/dd}", errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:YYYY}/" });
    expect(warningsOf(delivery).map((w) => w.split(":")[0])).toEqual(["prefix", "errorOutputPrefix"]);
  });
});

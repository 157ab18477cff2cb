/**
 * The JQ partitioning query of a `FirehoseToS3` (`dynamicPartitioning.jqQuery`), checked with real jq
 * (`./jq-engine.ts`) at synth.
 *
 * - `checkJqQuery`: every expression compiles (a syntax error otherwise surfaces only when records arrive, each one
 *   going to the error prefix);
 * - `jq16Warnings`: expressions using what jq 1.7 added: Firehose's inline parsing supports jq 1.6 only
 *   ("Currently, we only support jq 1.6 version",
 *   https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-partitioning-keys.html, checked 2026-12-04),
 *   while the engine here is jq 1.7.1; the additions are those of jq's release notes
 *   (https://github.com/jqlang/jq/blob/jq-1.7/NEWS.md, "Language changes");
 * - `evaluateOnSamples`: the query run on a workload's sample payloads, as Firehose runs it on each record: the
 *   distinct partitions they give, and the payloads Firehose would deliver to the error prefix instead (not JSON, a
 *   jq error, or a key without a value: "If Amazon Data Firehose is not able to parse data records … or it fails to
 *   extract the specified partitioning keys … these data records are delivered to the S3 error bucket prefix",
 *   https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-error-handling.html, checked 2026-12-04).
 * Tokens are skipped.
 */
import { jqObject } from "../firehose/processors";
import { runJq } from "./jq-engine";
import { isToken, type Problem } from "./problems";

/** The literal (non-token) entries of a partition-key map. */
function literalEntries(query: Readonly<Record<string, string>> | undefined): [string, string][] {
  return Object.entries(query ?? {}).filter(([key, expression]) => !isToken(key) && typeof expression === "string" && !isToken(expression));
}

/**
 * jq's error message without its echo of the program and its shell-quoting hint: `syntax error, unexpected '|' …`
 * (the error text itself when it has no `jq:` line).
 */
function jqMessage(error: string): string {
  const lines = error.split("\n").filter((line) => line.startsWith("jq: "));
  const errors = lines.filter((line) => !/^jq: \d+ compile errors?$/.test(line));
  const message = (errors.length > 0 ? errors : lines)
    .map((line) => line.replace(/^jq: (error: )?/, "").replace(/ \(Unix shell quoting issues\?\)/, "").replace(/ at <top-level>, line \d+:$/, ""))
    .join("; ");
  return message !== "" ? message : error.trim();
}

/**
 * Builtins jq 1.6 has and jq 1.7 removed (https://github.com/jqlang/jq/blob/jq-1.7/NEWS.md and its builtin list),
 * defined as jq 1.6 defines them, so that an expression Firehose's jq 1.6 accepts compiles here too.
 */
const JQ_16_BUILTINS = "def leaf_paths: paths(scalars); def recurse_down: recurse; ";

/**
 * A problem for each expression of `query` that jq does not compile, named `<property>.<key>`. Compiling only:
 * `empty | (<expression>)` never runs it, so an expression that compiles but fails on some input is not reported here.
 */
export function checkJqQuery(property: string, query: Readonly<Record<string, string>> | undefined): Problem[] {
  // A blank expression has a rule of its own (a non-empty expression).
  const entries = literalEntries(query).filter(([, expression]) => expression.trim() !== "");
  if (entries.length === 0) return [];
  // Each key's part of the object Firehose runs (`jqObject`), never evaluated (`empty | …`).
  const outcomes = runJq(entries.map(([key, expression]) => ({ filter: `${JQ_16_BUILTINS}empty | ${jqObject({ [key]: expression })}`, flags: ["-n"] })));
  return entries.flatMap(([key, expression], i) => {
    const outcome = outcomes[i];
    if (outcome.ok) return [];
    return [
      {
        property: `${property}.${key}`,
        value: expression,
        allowed: `a jq expression that compiles (jq says: ${jqMessage(outcome.error)}), e.g. ".customer_id" or ".detail.type"`,
      },
    ];
  });
}

/** What jq 1.7 added to the language, each with a test on an expression and how to write it for jq 1.6. */
/** Each test reads the expression with its string literals emptied (`"abs-"` is text, not the builtin). */
const JQ_17_ADDITIONS: readonly { readonly what: string; readonly test: (code: string) => boolean; readonly instead: string }[] = [
  { what: "pick(…)", test: (e) => /(^|[^\w$.])pick\s*\(/.test(e), instead: "build the object explicitly, e.g. {a: .a}" },
  { what: "debug(…) with an argument", test: (e) => /(^|[^\w$.])debug\s*\(/.test(e), instead: "remove it (debug output goes nowhere in Firehose)" },
  { what: "scan($re; $flags)", test: (e) => /(^|[^\w$.])scan\s*\([^()]*;/.test(e), instead: 'put the flags in the regex, e.g. scan("(?i)ab")' },
  { what: "abs", test: (e) => /(^|[^\w$.])abs($|[^\w])/.test(e), instead: "if . < 0 then -. else . end" },
  { what: "$__loc__", test: (e) => e.includes("$__loc__"), instead: "remove it" },
  { what: "a dot before a bracket index (.a.[\"b\"])", test: (e) => /[\w\]"]\.\[/.test(e), instead: '.a["b"]' },
  { what: "a $binding as an object key ({$key: …})", test: (e) => /[{,]\s*\$\w+\s*:/.test(e), instead: "({($key): …})" },
  { what: "a keyword as a binding name (. as $if)", test: (e) => /\bas\s+\$(if|then|elif|else|end|as|def|reduce|foreach|try|catch|label|import|include|and|or|not)\b/.test(e), instead: "another name" },
  { what: "if without else", test: (e) => count(e, "if") > count(e, "else"), instead: "add else . before end" },
];

/** `expression` with every string literal emptied, so the tests see code only. */
function withoutStrings(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/** Occurrences of the keyword `word` in code (strings already emptied). */
function count(code: string, word: string): number {
  return (code.match(new RegExp(`(^|[^\\w$.])${word}(?![\\w])`, "g")) ?? []).length;
}

/**
 * Warnings for expressions that use what jq 1.7 added (`pick`, `if` without `else`, `.a.["b"]`, …): the engine here
 * compiles them, Firehose's jq 1.6 does not, so every record would go to the error prefix.
 */
export function jq16Warnings(property: string, query: Readonly<Record<string, string>> | undefined): string[] {
  return literalEntries(query).flatMap(([key, expression]) =>
    JQ_17_ADDITIONS.filter((a) => a.test(withoutStrings(expression))).map(
      (a) =>
        `${property}.${key}: ${JSON.stringify(expression)} uses ${a.what}, which jq 1.7 added; Firehose runs jq 1.6, ` +
        `where it does not compile and every record goes to the error prefix. Write it for jq 1.6 (${a.instead}).`,
    ),
  );
}

/** What the query does with a workload's sample payloads. */
export interface SampleEvaluation {
  /** Payloads evaluated. */
  readonly evaluated: number;
  /** Distinct partitions (combinations of key values) among the payloads Firehose can partition. */
  readonly distinctPartitions: number;
  /** Payloads (0-based indexes) that are not JSON. */
  readonly notJson: readonly number[];
  /** Payloads on which the query fails or gives other than one object, with jq's message. */
  readonly failed: readonly { readonly index: number; readonly error: string }[];
  /** Per key, the payloads on which it has no value (null). */
  readonly missingKeys: ReadonlyMap<string, readonly number[]>;
  /** Payloads not evaluated: larger than `MAX_EVALUATED_PAYLOAD_BYTES`. */
  readonly tooLarge: readonly number[];
}

/**
 * The largest payload evaluated, in UTF-8 bytes: each goes to jq as a command-line argument, which jq-wasm's
 * Emscripten stack (about 1 MiB) must hold; Firehose's records are at most 1,000 KiB.
 */
export const MAX_EVALUATED_PAYLOAD_BYTES = 900 * 1024;

/**
 * Runs the query as Firehose's MetadataExtraction processor does (the `jqObject` it is given) on each sample
 * payload. Undefined when the query has tokens or no keys, or there are no samples.
 */
export function evaluateOnSamples(query: Readonly<Record<string, string>> | undefined, samples: readonly string[] | undefined): SampleEvaluation | undefined {
  const entries = literalEntries(query);
  if (query === undefined || entries.length === 0 || entries.length !== Object.keys(query).length) return undefined;
  if (samples === undefined || samples.length === 0) return undefined;
  const program = jqObject(query);
  // Each payload as a string argument ($p; standard input is read byte by byte, slow for large payloads), parsed
  // inside the program so that a payload that is not JSON is caught per payload.
  const filter = `${JQ_16_BUILTINS}($p | try [fromjson] catch null) as $doc | if $doc == null then {notJson: true} else (try {out: [$doc[0] | ${program}]} catch {error: tostring}) end`;
  const tooLarge = samples.flatMap((sample, index) => (Buffer.byteLength(sample, "utf8") > MAX_EVALUATED_PAYLOAD_BYTES ? [index] : []));
  const skipped = new Set(tooLarge);
  const evaluated = samples.map((sample, index) => ({ sample, index })).filter(({ index }) => !skipped.has(index));
  const outcomes = runJq(evaluated.map(({ sample }) => ({ filter, flags: ["-n", "-c", "--arg", "p", sample] })));
  const notJson: number[] = [];
  const failed: { index: number; error: string }[] = [];
  const missingKeys = new Map<string, number[]>();
  const partitions = new Set<string>();
  outcomes.forEach((outcome, i) => {
    const index = evaluated[i].index;
    if (!outcome.ok) {
      failed.push({ index, error: jqMessage(outcome.error) || outcome.error });
      return;
    }
    const result = JSON.parse(outcome.output) as { notJson?: true; out?: unknown[]; error?: string };
    if (result.notJson) notJson.push(index);
    else if (result.error !== undefined) failed.push({ index, error: result.error });
    else if (result.out === undefined || result.out.length !== 1 || typeof result.out[0] !== "object" || result.out[0] === null) {
      failed.push({ index, error: `the query gave ${result.out?.length ?? 0} results, not one object` });
    } else {
      const values = result.out[0] as Record<string, unknown>;
      const missing = entries.map(([key]) => key).filter((key) => values[key] === null || values[key] === undefined);
      for (const key of missing) missingKeys.set(key, [...(missingKeys.get(key) ?? []), index]);
      if (missing.length === 0) partitions.add(JSON.stringify(entries.map(([key]) => values[key])));
    }
  });
  return { evaluated: evaluated.length, distinctPartitions: partitions.size, notJson, failed, missingKeys, tooLarge };
}

/**
 * The Amazon Data Firehose S3 prefix grammar: literal text with `!{namespace:value}` expressions evaluated at
 * delivery time. Source: https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html (retrieved 2026-09-29);
 * aws-cdk-lib's rules 13-18 for S3 destinations (aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesisfirehose/lib/s3-bucket.ts`,
 * aws-cdk-lib 2.276.0).
 *
 * - namespaces: `firehose`, `timestamp`, `partitionKeyFromQuery`, `partitionKeyFromLambda`
 *   (`ALLOWED_VALUES.firehosePrefixNamespaces`);
 * - `firehose:` takes `error-output-type` or `random-string` (`ALLOWED_VALUES.firehoseNamespaceValues`);
 * - `timestamp:` takes a Java DateTimeFormatter pattern. We accept a conservative subset: the date/time pattern
 *   letters below (with Java's maximum repeat counts), the separators `/ - _ .` and quoted literals `'text'`.
 *   Java rejects unknown letters and reserved characters (`# { } [ ]`) when the stream first evaluates the prefix,
 *   i.e. at delivery time, not at apply time, so catching them at synth time is the only early signal.
 * - `partitionKeyFromQuery:<key>` / `partitionKeyFromLambda:<key>` take a key name.
 *
 * Pure: parsing never throws; every problem is returned as a sentence naming the offending expression.
 */
import { ALLOWED_VALUES } from "stream-simulator";
import { isToken } from "./problems";

export type PrefixNamespace = (typeof ALLOWED_VALUES.firehosePrefixNamespaces.values)[number];

export interface PrefixExpression {
  /** Namespace as written (may be an unknown one; unknown namespaces also produce a problem). */
  readonly namespace: string;
  /** Value after the first ':' as written. */
  readonly value: string;
  /** The whole expression as written, e.g. `!{timestamp:yyyy}`. */
  readonly raw: string;
}

export interface ParsedPrefix {
  /** Every `!{...}` expression found (well-formed or not, as long as it was closed). */
  readonly expressions: PrefixExpression[];
  /** Grammar problems, each a sentence saying what is wrong and how to fix it. */
  readonly problems: string[];
}

const NAMESPACES: readonly string[] = ALLOWED_VALUES.firehosePrefixNamespaces.values;
const FIREHOSE_VALUES: readonly string[] = ALLOWED_VALUES.firehoseNamespaceValues.values;

/**
 * Java DateTimeFormatter pattern letters accepted in `!{timestamp:...}`, with the largest run length Java accepts
 * for each (https://docs.oracle.com/javase/8/docs/api/java/time/format/DateTimeFormatter.html, "Patterns for
 * Formatting and Parsing"). Zone/offset letters (V z O X x Z) are left out: their output contains ':' '+' or spaces.
 */
const TIMESTAMP_LETTERS: Readonly<Record<string, number>> = {
  y: 19, // year-of-era
  u: 19, // year
  Y: 19, // week-based year
  M: 5, // month-of-year
  L: 5, // standalone month
  d: 2, // day-of-month
  D: 3, // day-of-year
  H: 2, // hour 0-23
  h: 2, // clock-hour 1-12
  k: 2, // clock-hour 1-24
  K: 2, // hour 0-11
  m: 2, // minute
  s: 2, // second
  S: 9, // fraction of second
  a: 1, // am-pm
  E: 5, // day-of-week text
  e: 5, // localized day-of-week
  w: 2, // week-of-week-based-year
  W: 1, // week-of-month
  Q: 5, // quarter
  q: 5, // standalone quarter
};
const TIMESTAMP_SEPARATORS = "/-_.";

/** Plain-language description of the timestamp pattern subset, for messages. */
export const TIMESTAMP_PATTERN_DESCRIPTION =
  `Java DateTimeFormatter letters (${Object.keys(TIMESTAMP_LETTERS).join("")}), the separators ` +
  `${TIMESTAMP_SEPARATORS.split("").map((c) => `'${c}'`).join(" ")} and quoted literals such as 'x', e.g. yyyy/MM/dd/HH`;

/** Partition key names: non-empty, no whitespace and none of the prefix syntax characters `! { } :`. */
const PARTITION_KEY_PATTERN = /^[^\s!{}:]+$/;

/** Problems with a `timestamp:` value (empty list when it is acceptable). */
export function checkTimestampPattern(pattern: string): string[] {
  const problems: string[] = [];
  if (pattern.length === 0) return ["the timestamp pattern is empty; give a pattern such as yyyy/MM/dd"];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) {
        problems.push(`the quoted literal starting at position ${i} is not closed with "'"`);
        break;
      }
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let run = 1;
      while (pattern[i + run] === c) run++;
      const max = TIMESTAMP_LETTERS[c];
      if (max === undefined) {
        problems.push(`"${c}" is not a supported pattern letter; quote literal text ('${c}') or use ${TIMESTAMP_PATTERN_DESCRIPTION}`);
      } else if (run > max) {
        problems.push(`"${c.repeat(run)}" repeats "${c}" more than ${max} time${max === 1 ? "" : "s"}, which Java rejects`);
      }
      i += run;
      continue;
    }
    if (!TIMESTAMP_SEPARATORS.includes(c)) {
      problems.push(`${JSON.stringify(c)} is not allowed in a timestamp pattern; use ${TIMESTAMP_PATTERN_DESCRIPTION}`);
    }
    i++;
  }
  return problems;
}

/** Problems with one closed expression body (the text between `!{` and `}`). */
function checkExpression(raw: string, body: string): { expression: PrefixExpression; problems: string[] } {
  const colon = body.indexOf(":");
  const namespace = colon < 0 ? body : body.slice(0, colon);
  const value = colon < 0 ? "" : body.slice(colon + 1);
  const expression: PrefixExpression = { namespace, value, raw };
  const form = `expressions must have the form !{namespace:value} with namespace one of ${NAMESPACES.join(", ")}`;
  if (body.length === 0) return { expression, problems: [`${raw} is an empty expression; ${form}`] };
  if (colon < 0) return { expression, problems: [`${raw} has no ':' between namespace and value; ${form}`] };
  if (!NAMESPACES.includes(namespace)) {
    return { expression, problems: [`${raw} uses unknown namespace ${JSON.stringify(namespace)}; ${form}`] };
  }
  switch (namespace as PrefixNamespace) {
    case "firehose":
      return FIREHOSE_VALUES.includes(value)
        ? { expression, problems: [] }
        : {
            expression,
            problems: [
              `${raw}: the firehose namespace takes only ${FIREHOSE_VALUES.map((v) => `!{firehose:${v}}`).join(" or ")}`,
            ],
          };
    case "timestamp":
      return { expression, problems: checkTimestampPattern(value).map((p) => `${raw}: ${p}`) };
    case "partitionKeyFromQuery":
    case "partitionKeyFromLambda":
      return PARTITION_KEY_PATTERN.test(value)
        ? { expression, problems: [] }
        : {
            expression,
            problems: [
              `${raw}: ${namespace} needs a partition key name without spaces or '!', '{', '}', ':' (e.g. !{${namespace}:customer_id})`,
            ],
          };
  }
}

/**
 * Parses a Firehose S3 prefix into its `!{...}` expressions and grammar problems. Literal text outside expressions
 * is not checked here (S3 keys accept any UTF-8). An unclosed `!{`, an empty expression, a missing ':', an unknown
 * namespace, a bad `firehose:` value, a bad timestamp pattern or an empty partition key name is a problem.
 */
export function parsePrefix(prefix: string): ParsedPrefix {
  const expressions: PrefixExpression[] = [];
  const problems: string[] = [];
  let i = 0;
  while (i < prefix.length) {
    const start = prefix.indexOf("!{", i);
    if (start < 0) break;
    const close = prefix.indexOf("}", start + 2);
    const nested = prefix.indexOf("!{", start + 2);
    if (close < 0 || (nested >= 0 && nested < close)) {
      const end = nested >= 0 && (close < 0 || nested < close) ? nested : prefix.length;
      problems.push(
        `"${prefix.slice(start, end)}" at position ${start} opens an expression with "!{" that is not closed by "}" ` +
          "before the next one; close every expression as !{namespace:value}",
      );
      i = end;
      continue;
    }
    const raw = prefix.slice(start, close + 1);
    const checked = checkExpression(raw, prefix.slice(start + 2, close));
    expressions.push(checked.expression);
    problems.push(...checked.problems);
    i = close + 1;
  }
  return { expressions, problems };
}

/** True when `prefix` contains at least one expression opener `!{`. */
export function hasExpressions(prefix: string): boolean {
  return prefix.includes("!{");
}

/** The distinct key names of the expressions in `namespace`, in order of first use. */
export function partitionKeysIn(parsed: ParsedPrefix, namespace: "partitionKeyFromQuery" | "partitionKeyFromLambda"): string[] {
  return [...new Set(parsed.expressions.filter((e) => e.namespace === namespace).map((e) => e.value))];
}

/**
 * Prefixes AWS accepts that are almost surely mistakes (synth warnings, not errors), each a sentence naming the fix:
 * - `YYYY` (the week-based year: the last days of December land in next year's folder), `DD` (day of the year) and
 *   `mm` before any hour (minutes, where the month `MM` was meant), in a `timestamp:` pattern;
 * - a prefix that does not end with `/`: Firehose appends the object name to it as it is
 *   (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html, checked 2026-12-03), so the last folder
 *   and the file name run together (`tenant-42` + `orders-1-2026-…` → `tenant-42orders-1-2026-…`).
 * Tokens and empty prefixes draw none.
 */
export function prefixWarnings(property: string, prefix: unknown): string[] {
  if (typeof prefix !== "string" || prefix === "" || isToken(prefix)) return [];
  const warnings: string[] = [];
  for (const e of parsePrefix(prefix).expressions) {
    if (e.namespace !== "timestamp") continue;
    const pattern = e.value;
    if (pattern.includes("YYYY")) {
      warnings.push(`${property}: ${e.raw} uses YYYY, the week-based year (the last days of December fall into the next year's folder); use yyyy for the calendar year`);
    }
    if (/(^|[^D])DD([^D]|$)/.test(pattern)) warnings.push(`${property}: ${e.raw} uses DD, the day of the year; use dd for the day of the month`);
    const minutes = pattern.indexOf("mm");
    if (minutes >= 0 && !/[Hh]/.test(pattern.slice(0, minutes))) {
      warnings.push(`${property}: ${e.raw} uses mm, the minutes, where no hour precedes it; use MM for the month`);
    }
  }
  if (!prefix.endsWith("/")) {
    warnings.push(`${property}: ${JSON.stringify(prefix)} does not end with "/": Firehose appends the object name to it as it is, so the last folder and the file name run together; end it with "/"`);
  }
  return warnings;
}

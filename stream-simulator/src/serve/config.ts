/**
 * The streams `stream-sim serve` creates at start: from a config file (`--config`), and from the command line
 * (`--stream NAME` with `--shards N` or `--on-demand`, the on-demand start taken from `--workload`'s `onDemand`).
 *
 * Config file (JSON):
 *   { "streams": [ { "name": "orders", "shards": 2 },
 *                  { "name": "events", "onDemand": true },
 *                  { "name": "clicks", "onDemand": { "previousPeakMiBPerSecond": 8 } } ] }
 * `onDemand` is `true` (a new on-demand stream) or the workload file's `onDemand` object
 * (`previousPeakMiBPerSecond`, `warmThroughputMiBPerSecond`) with an optional `tier` ("standard" | "advantage").
 */
import { KINESIS_LIMITS, NAME_RULES } from "../limits";
import type { OnDemandSpec, WorkloadProblem } from "../types";
import type { ServeStreamSpec } from "./server";

const MiB = 1024 * 1024;

/** A config file with problems (every one listed). */
export class ServeConfigError extends Error {
  public constructor(
    source: string,
    public readonly problems: readonly WorkloadProblem[],
  ) {
    super(`invalid serve config ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p.path}: got ${JSON.stringify(p.value) ?? "nothing (missing)"}; allowed: ${p.allowed}`).join("\n")}`);
    this.name = "ServeConfigError";
  }
}

/** The on-demand start of a stream from a workload's `onDemand` field and a tier. */
export function onDemandStartOf(spec: OnDemandSpec | undefined, tier: "standard" | "advantage" = "standard"): NonNullable<ServeStreamSpec["onDemand"]> {
  return {
    tier,
    ...(spec?.previousPeakMiBPerSecond !== undefined ? { previousPeakBytesPerSecond: spec.previousPeakMiBPerSecond * MiB } : {}),
    ...(spec?.warmThroughputMiBPerSecond !== undefined ? { warmBytesPerSecond: spec.warmThroughputMiBPerSecond * MiB } : {}),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNonNegative = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Validates a parsed config file; throws ServeConfigError listing every problem. */
export function parseServeConfig(json: unknown, source: string): ServeStreamSpec[] {
  const problems: WorkloadProblem[] = [];
  const add = (path: string, value: unknown, allowed: string): void => void problems.push({ path, value, allowed });
  const maxShards = KINESIS_LIMITS.maxShardsPerStream.value;
  const rule = NAME_RULES.kinesisStreamName;
  const out: ServeStreamSpec[] = [];
  if (!isObject(json) || !Array.isArray(json.streams)) {
    add("streams", isObject(json) ? json.streams : json, 'an array of streams: {"streams": [{"name": "orders", "shards": 2}]}');
    throw new ServeConfigError(source, problems);
  }
  for (const k of Object.keys(json)) if (k !== "streams") add(k, json[k], "no such field (known fields: streams)");
  const names = new Set<string>();
  json.streams.forEach((s: unknown, i: number) => {
    const p = `streams[${i}]`;
    if (!isObject(s)) return add(p, s, "an object {name, shards} or {name, onDemand}");
    for (const k of Object.keys(s)) if (!["name", "shards", "onDemand"].includes(k)) add(`${p}.${k}`, s[k], "no such field (known fields: name, shards, onDemand)");
    const name = s.name;
    if (typeof name !== "string" || !rule.pattern.test(name) || name.length > rule.maxLength) {
      add(`${p}.name`, name, `a stream name: ${rule.minLength}-${rule.maxLength} of ${rule.allowed}`);
    } else if (names.has(name)) add(`${p}.name`, name, "a name no other stream of the file has");
    else names.add(name);
    const hasShards = s.shards !== undefined;
    const hasOnDemand = s.onDemand !== undefined && s.onDemand !== false;
    if (hasShards === hasOnDemand) add(p, s, "exactly one of shards (provisioned) and onDemand");
    if (hasShards && !(Number.isInteger(s.shards) && (s.shards as number) >= 1 && (s.shards as number) <= maxShards)) {
      add(`${p}.shards`, s.shards, `a whole number of shards, 1 to ${maxShards}`);
    }
    let onDemand: ServeStreamSpec["onDemand"];
    if (hasOnDemand) {
      const od = s.onDemand;
      if (od === true) onDemand = onDemandStartOf(undefined);
      else if (!isObject(od)) add(`${p}.onDemand`, od, "true or {previousPeakMiBPerSecond, warmThroughputMiBPerSecond, tier}");
      else {
        for (const k of Object.keys(od)) {
          if (!["previousPeakMiBPerSecond", "warmThroughputMiBPerSecond", "tier"].includes(k)) {
            add(`${p}.onDemand.${k}`, od[k], "no such field (known fields: previousPeakMiBPerSecond, warmThroughputMiBPerSecond, tier)");
          }
        }
        for (const k of ["previousPeakMiBPerSecond", "warmThroughputMiBPerSecond"]) {
          if (od[k] !== undefined && !isNonNegative(od[k])) add(`${p}.onDemand.${k}`, od[k], "a number of MiB/s ≥ 0");
        }
        if (od.tier !== undefined && od.tier !== "standard" && od.tier !== "advantage") add(`${p}.onDemand.tier`, od.tier, '"standard" or "advantage"');
        onDemand = onDemandStartOf(od as OnDemandSpec, od.tier === "advantage" ? "advantage" : "standard");
      }
    }
    if (typeof name === "string") out.push(hasOnDemand && onDemand ? { name, onDemand } : { name, shards: s.shards as number });
  });
  if (problems.length > 0) throw new ServeConfigError(source, problems);
  return out;
}

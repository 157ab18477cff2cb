import * as fs from "node:fs";
import * as path from "node:path";
import { parseWorkload } from "../src/index";
import type { Workload } from "../src/types";

/** Fixtures and small helpers shared by several test files. */

/** The repository root (the examples live in `examples/`). */
export const REPO = path.resolve(__dirname, "..", "..");
export const example = (name: string): string => path.join(REPO, "examples", name);
export const loadExample = (name: string): Workload => parseWorkload(JSON.parse(fs.readFileSync(example(name), "utf8")));

export const provisioned = (shards: number) => ({ capacity: { mode: "provisioned" as const, shards } });
export const onDemand = { capacity: { mode: "on-demand" as const } };

/** One static key offered 1,500 records/s of 1,009 B (data + key): 1.5× one shard's records limit. */
export const HOT_KEY: Workload = {
  recordsPerSecond: 1500,
  recordBytes: 1000,
  durationSeconds: 600,
  partitionKey: { strategy: "static", value: "tenant-42" },
  partitionKeyBytes: 9,
  arrivalNoise: "none",
};

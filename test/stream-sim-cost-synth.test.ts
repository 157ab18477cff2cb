import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { estimateCost, parseWorkload, resolveWorkload, type CostEstimate, type Workload } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { TEST_REGION, synthJson, testStack } from "./helpers/test-stack";

/**
 * `stream-sim cost --synth` end to end: a stack built with this library's constructs is synthesized once, written as
 * cdk.tf.json, and the real CLI (bin/stream-sim.js, as `npx stream-sim` runs it) costs it. Each stream's figures must
 * equal `estimateCost` of the workload with the capacity, retention, consumers and Firehose settings the constructs
 * were given. (The simulator package cannot depend on cdktf, so this test lives at the repository root.)
 */

const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "stream-simulator", "bin", "stream-sim.js");
const WORKLOAD_FILE = path.join(REPO, "examples", "agent-telemetry.json");

/** What the constructs below are given, and so what the CLI must read back from the Terraform JSON. */
const ORDERS = { shards: 4, retentionHours: 72, efoConsumerNames: ["analytics"], bufferingSizeMiB: 32, bufferingIntervalSeconds: 180, compression: Compression.ZIP };

let tmp: string;
let synthFile: string;
const workload: Workload = parseWorkload(JSON.parse(fs.readFileSync(WORKLOAD_FILE, "utf8")));

beforeAll(() => {
  const { stack } = testStack("cost-synth");
  new StreamingPipeline(stack, "Orders", {
    name: "orders",
    stream: { capacity: StreamCapacity.provisioned(ORDERS.shards), retentionHours: ORDERS.retentionHours, efoConsumerNames: ORDERS.efoConsumerNames },
    delivery: { bufferingSizeMiB: ORDERS.bufferingSizeMiB, bufferingIntervalSeconds: ORDERS.bufferingIntervalSeconds, compression: ORDERS.compression },
  });
  new EncryptedStream(stack, "Audit", { streamName: "audit", capacity: StreamCapacity.onDemand() });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-cost-synth-"));
  synthFile = path.join(tmp, "cdk.tf.json");
  fs.writeFileSync(synthFile, JSON.stringify(synthJson(stack), null, 2));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, "cost", "--synth", synthFile, "--workload", WORKLOAD_FILE, ...args], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The two streams as the constructs configured them, priced directly. */
function expectedCosts(): { orders: CostEstimate; audit: CostEstimate } {
  const file = resolveWorkload(workload);
  const orders = estimateCost(
    {
      ...workload,
      retentionHours: ORDERS.retentionHours,
      // One Firehose reads the stream: at least one shared consumer.
      consumers: { ...workload.consumers, enhancedFanOut: ORDERS.efoConsumerNames.length, shared: Math.max(file.consumers.shared, 1) },
      firehose: {
        bufferingSizeMiB: ORDERS.bufferingSizeMiB,
        bufferingIntervalSeconds: ORDERS.bufferingIntervalSeconds,
        compression: ORDERS.compression.value as "ZIP",
        s3StorageDays: (file.firehoseDelivery ?? { s3StorageDays: 30 }).s3StorageDays,
      },
      region: TEST_REGION,
    },
    { mode: "provisioned", shards: ORDERS.shards },
  );
  const audit = estimateCost(
    { ...workload, retentionHours: 24, consumers: { ...workload.consumers, enhancedFanOut: 0 }, firehose: false, region: TEST_REGION },
    { mode: "on-demand" },
  );
  return { orders, audit };
}

describe("stream-sim cost --synth on a synthesized stack", () => {
  it("--json: each stream costs what estimateCost gives for the capacity, retention, consumers and Firehose the constructs declared", () => {
    const r = cli("--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const byName = Object.fromEntries(doc.streams.map((s: { resource: { name: string } }) => [s.resource.name, s]));
    expect(Object.keys(byName).sort()).toEqual(["audit", "orders"]);
    const { orders, audit } = expectedCosts();

    expect(byName.orders.capacity).toEqual({ mode: "provisioned", shards: ORDERS.shards });
    expect(byName.orders.efoConsumers.map((c: { name: string }) => c.name)).toEqual(ORDERS.efoConsumerNames);
    expect(byName.orders.firehoseReaders.map((c: { name: string }) => c.name)).toEqual(["orders"]);
    expect(byName.orders.cost.lines).toEqual(JSON.parse(JSON.stringify(orders.lines)));
    expect(byName.orders.monthlyUsd).toBe(orders.totalMonthlyUsd);

    expect(byName.audit.capacity).toEqual({ mode: "on-demand" });
    expect(byName.audit.cost.lines).toEqual(JSON.parse(JSON.stringify(audit.lines)));
    expect(byName.audit.monthlyUsd).toBe(audit.totalMonthlyUsd);

    const from = Object.fromEntries(byName.orders.fromStack.map((v: { field: string; value: unknown; workloadValue: unknown }) => [v.field, [v.value, v.workloadValue]]));
    expect(from.retentionHours).toEqual([ORDERS.retentionHours, workload.retentionHours]);
    expect(from["firehose.bufferingSizeMiB"][0]).toBe(ORDERS.bufferingSizeMiB);
    expect(from["firehose.compression"][0]).toBe(ORDERS.compression.value);
  });

  it("tables: --stream selects one stream; its total and capacity are the ones estimateCost gives", () => {
    const r = cli("--stream", "orders");
    expect(r.status).toBe(0);
    const { orders } = expectedCosts();
    expect(r.stdout).toContain(`Monthly cost, ${ORDERS.shards} shards (${TEST_REGION}, prices as of ${orders.priceTableAsOf})`);
    const total = orders.totalMonthlyUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(r.stdout).toMatch(new RegExp(`^Total +\\$${total.replace(/\./g, "\\.")}/month$`, "m"));
    expect(r.stdout).toMatch(new RegExp(`^retentionHours +${ORDERS.retentionHours} +${workload.retentionHours} +stream: retention_period$`, "m"));
    expect(r.stdout).not.toContain("audit");
  });
});

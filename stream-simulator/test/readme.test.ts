import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import * as simulator from "../src";
import * as terraform from "../src/terraform";
import { README, SIZING_EXAMPLES, generatedDigest, recordedDigest, writeReadme } from "../scripts/readme";

/**
 * The README's generated parts are current: the sizing table and every `$ npx stream-sim …` block are what
 * `npm run readme --workspace stream-simulator` writes today.
 */
describe("stream-simulator README", () => {
  const text = fs.readFileSync(README, "utf8");

  it("holds the current sizing table and the current output of every stream-sim example (run `npm run readme --workspace stream-simulator`)", () => {
    // The recorded digest covers the simulator's sources, the script, the example files and the generated parts:
    // while it matches, rendering again would give this text (rendering is deterministic); otherwise render and say.
    if (recordedDigest(text) !== generatedDigest(text)) expect(writeReadme(text)).toBe(text);
    expect(recordedDigest(text)).toBe(generatedDigest(text));
  });

  it("records a digest that a hand edit of a generated part no longer matches", () => {
    const table = text.indexOf("<!-- sizing-table:end -->");
    const edited = `${text.slice(0, table)}| hand-edited row |\n${text.slice(table)}`;
    expect(generatedDigest(edited)).not.toBe(recordedDigest(text));
  });

  it("has at least 20 sizing examples and some stream-sim examples", () => {
    expect(SIZING_EXAMPLES.length).toBeGreaterThanOrEqual(20);
    expect(text.match(/^\$ npx stream-sim /gm)!.length).toBeGreaterThanOrEqual(3);
  });
});

/**
 * The README's TypeScript example runs as written: compiled, its `stream-simulator` imports bound to this package's
 * sources, given a workload file's text and a synthesized stack's text, and its results checked.
 */
describe("stream-simulator README: the Programmatic API example", () => {
  const text = fs.readFileSync(README, "utf8");
  const block = /^## Programmatic API\n\n```ts\n([\s\S]*?)\n```$/m.exec(text);

  it("compiles and runs, and its results are the package's", () => {
    expect(block).not.toBeNull();
    const source = `${block![1]}\nexport const results = { workload, sizing, verdict, run, monthly, report };\n`;
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    const modules: Record<string, unknown> = { "stream-simulator": simulator, "stream-simulator/terraform": terraform };
    const workloadText = fs.readFileSync(path.join(__dirname, "..", "..", "examples", "agent-telemetry.json"), "utf8");
    const stackText = JSON.stringify({
      terraform: {},
      provider: { aws: [{ region: "us-east-1" }] },
      resource: { aws_kinesis_stream: { Orders: { name: "orders", shard_count: 8, stream_mode_details: { stream_mode: "PROVISIONED" } } } },
    });
    const exports: { results?: Record<string, any> } = {};
    const require = (id: string): unknown => {
      if (!(id in modules)) throw new Error(`the example imports ${id}`);
      return modules[id];
    };
    new Function("require", "exports", "text", "stackText", js)(require, exports, workloadText, stackText);
    const r = exports.results!;
    expect(r.workload).toEqual(JSON.parse(workloadText));
    expect(r.sizing).toEqual(simulator.size(r.workload, { targetThrottledFraction: 0.001, headroom: 0.8 }));
    expect(r.verdict.capacity).toEqual({ mode: "provisioned", shards: 8 });
    expect(r.run.capacity).toEqual({ mode: "on-demand", tier: "advantage" });
    expect(r.monthly.totalMonthlyUsd).toBeGreaterThan(0);
    expect(r.report.items.map((i: any) => i.resource.address)).toEqual(["aws_kinesis_stream.Orders"]);
  });
});

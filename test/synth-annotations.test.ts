/**
 * Synth warnings reach the user however the app runs: the cdktf CLI prints them itself; an app run with `node`
 * (the consumer example's `npm run synth`, `ts-node main.ts`) prints them with `printSynthAnnotations(app)`.
 */
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { printSynthAnnotations, synthAnnotations } from "../constructs/synth-annotations";
import { testStack } from "./helpers/test-stack";

function appWithWarning() {
  const { app, stack } = testStack();
  new FirehoseToS3(stack, "sink", { deliveryStreamName: "sink", bufferingIntervalSecond: 60 } as never);
  return app;
}

describe("printSynthAnnotations", () => {
  const saved = process.env.CDKTF_OUTDIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = saved;
  });

  it("prints every warning of the app with its construct path, one per line, and returns them", () => {
    delete process.env.CDKTF_OUTDIR;
    const lines: string[] = [];
    const printed = printSynthAnnotations(appWithWarning(), (line) => lines.push(line));
    expect(lines).toEqual([
      "[WARNING] test/sink: bufferingIntervalSecond is not a property of FirehoseToS3Props, so it is ignored (did you mean bufferingIntervalSeconds?)\n",
    ]);
    expect(printed).toEqual([expect.objectContaining({ level: "warning", constructPath: "test/sink" })]);
  });

  it("prints nothing under the cdktf CLI (CDKTF_OUTDIR set), which prints them itself, and nothing when there are none", () => {
    process.env.CDKTF_OUTDIR = "cdktf.out";
    const lines: string[] = [];
    expect(printSynthAnnotations(appWithWarning(), (line) => lines.push(line))).toHaveLength(1);
    expect(lines).toEqual([]);
    delete process.env.CDKTF_OUTDIR;
    expect(synthAnnotations(testStack().app)).toEqual([]);
  });
});

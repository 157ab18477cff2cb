import { Lazy, Tokenization } from "cdktf";

/** What test/setup.ts does to stack traces: cheap for cdktf's creation stacks, source-mapped for real errors. */
describe("stack traces under jest (test/setup.ts)", () => {
  it("keeps real errors source-mapped: frames point at the TypeScript line and column", () => {
    const error: Error = new Error("mapped"); // `new Error` starts at column 26 here, ≠ its column once types are stripped
    expect(error.stack).toMatch(/setup\.test\.ts:6:26\)/);
  });

  it("keeps errors of Node's own realm source-mapped too", () => {
    const error = (() => {
      try {
        require("node:fs").readFileSync("/nonexistent/setup-test");
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected readFileSync to throw");
    })();
    expect(error.stack).toMatch(/^Error: ENOENT/);
    expect(error.stack).toMatch(/setup\.test\.ts:13:\d+\)/);
  });

  it("formats traces captured on plain objects (cdktf's token creation stacks) the way plain Node does", () => {
    const capture = { stack: "" };
    Error.captureStackTrace(capture);
    // source-map-support would have written "Error: " here: this header is V8's own rendering of a plain object.
    expect(capture.stack.split("\n")[0]).toBe("[object Object]");
    expect(capture.stack.split("\n")[1]).toMatch(/^ {4}at .*setup\.test\.ts:\d+:\d+\)?$/);
  });

  it("still gives cdktf its token creation stacks, starting at the code that made the token", () => {
    const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
    expect(token).toBeDefined();
    expect(token!.creationStack.length).toBeGreaterThan(1);
    expect(token!.creationStack.length).toBeLessThanOrEqual(20); // the first 20 frames (test/setup.ts)
    expect(token!.creationStack.some((frame) => /setup\.test\.ts:\d+:\d+\)?$/.test(frame))).toBe(true);
  });
});

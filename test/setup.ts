/**
 * Runs in every test file before its tests (jest `setupFilesAfterEnv`).
 *
 * cdktf records a creation stack trace for every token it makes (`Lazy`, `Intrinsic`, …: hundreds per synthesized
 * stack) by calling `Error.captureStackTrace` on a plain object and reading `.stack` at once, with no frame limit.
 * Inside jest, `Error.prepareStackTrace` is source-map-support's, which source-maps every frame of every such trace:
 * measured at more than half of the CPU time of the synth-heavy test files (firehose-to-s3.test.ts: 5.5 s → 2.2 s
 * without it). Those traces appear only in cdktf's messages about tokens that cannot be resolved. So traces captured
 * on plain objects are formatted as plain Node formats them (unmapped `file:line:column` frames, what `cdktf synth`
 * prints too), and only their first CREATION_STACK_FRAMES frames (cdktf asks for every frame, down through jest's
 * own ≈30; the first ones name the code that made the token). Real `Error`s — every failure and stack jest shows —
 * keep jest's source-mapped formatting (`isNativeError`: Errors of any realm, such as Node's own).
 */
import { types } from "node:util";

/** Frames kept of a trace captured on a plain object. */
const CREATION_STACK_FRAMES = 20;

const sourceMapped = Error.prepareStackTrace;
if (sourceMapped !== undefined) {
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    types.isNativeError(error)
      ? sourceMapped(error, frames)
      : [String(error), ...frames.slice(0, CREATION_STACK_FRAMES).map((frame) => `    at ${frame}`)].join("\n");
}

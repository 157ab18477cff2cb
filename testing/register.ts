/**
 * Side-effect entry: registers this package's jest matchers on the global `expect`
 * (`setupFilesAfterEnv: ["cdktf-kinesis-pipeline/testing/register"]`, or `import "cdktf-kinesis-pipeline/testing/register"`).
 */
import { kinesisPipelineMatchers } from "./matchers";
export type {} from "./index"; // the jest.Matchers declarations

const globalExpect = (globalThis as { expect?: { extend?: (matchers: Record<string, unknown>) => void } }).expect;
if (typeof globalExpect?.extend !== "function") {
  throw new Error("cdktf-kinesis-pipeline/testing/register: no global jest `expect`; load it from jest's setupFilesAfterEnv");
}
globalExpect.extend(kinesisPipelineMatchers);

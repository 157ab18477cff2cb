/**
 * The consumer example's tests, as they would run in its CI: the stack's shape (snapshot) and its capacity.
 */
import { Testing } from "cdktf";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "cdktf-kinesis-pipeline";
import "cdktf-kinesis-pipeline/testing/register"; // adds toSustainWorkload to expect (or: jest setupFilesAfterEnv)
import { OrdersStack, ORDERS_WORKLOAD } from "./orders-stack";

const app = Testing.app({ context: { [ACCOUNT_ID_CONTEXT_KEY]: "111122223333", [REGION_CONTEXT_KEY]: "eu-west-1" } });
const stack = new OrdersStack(app, "orders");

it("synthesizes the reviewed stack", () => {
  expect(Testing.synth(stack)).toMatchSnapshot();
});

it("sustains the declared workload, but not twice that traffic", () => {
  expect(stack).toSustainWorkload(stack.pipeline.stream, ORDERS_WORKLOAD);
  expect(stack).not.toSustainWorkload(stack.pipeline.stream, { ...ORDERS_WORKLOAD, recordsPerSecond: 1600 });
});

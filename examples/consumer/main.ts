/**
 * The consumer example's app: one stack, synthesized for a literal account and region (no AWS call at plan time).
 */
import { App } from "cdktf";
import { ACCOUNT_ID_CONTEXT_KEY, printSynthAnnotations, REGION_CONTEXT_KEY } from "cdktf-kinesis-pipeline";
import { OrdersStack } from "./orders-stack";

const app = new App({ context: { [ACCOUNT_ID_CONTEXT_KEY]: "111122223333", [REGION_CONTEXT_KEY]: "eu-west-1" } });
new OrdersStack(app, "orders");
app.synth();
printSynthAnnotations(app); // the library's synth warnings, as the cdktf CLI would print them (`npm run synth`)

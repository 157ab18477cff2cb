/**
 * The example app: typed environment configuration → the two example stacks.
 *
 *   PIPELINE_ENV=dev npx cdktf synth        (or: npm run synth)
 *
 * Needs no AWS credentials: the account ID and region come from `config/environments.ts` (overridable with
 * PIPELINE_ACCOUNT_ID, PIPELINE_REGION, PIPELINE_STATE_BUCKET, …), not from STS.
 */
import { App } from "cdktf";
import { loadEnvironment } from "./config/environments";
import { printSynthAnnotations } from "./constructs/synth-annotations";
import type { PipelineEnvironment } from "./config/types";
import { AgentTelemetryStack } from "./stacks/agent-telemetry-stack";
import { TelemetrySinkStack } from "./stacks/telemetry-sink-stack";

export const AGENT_TELEMETRY_STACK_ID = "agent-telemetry";
export const TELEMETRY_SINK_STACK_ID = "telemetry-sink";

export interface CreateAppOptions {
  /** @default loadEnvironment() (PIPELINE_ENV, else dev, with env-var overrides) */
  readonly environment?: PipelineEnvironment;
  /** @default cdktf's (the CLI passes it through CDKTF_OUTDIR; otherwise `cdktf.out`) */
  readonly outdir?: string;
}

export interface PipelineApp {
  readonly app: App;
  readonly agentTelemetry: AgentTelemetryStack;
  readonly telemetrySink: TelemetrySinkStack;
}

/** Builds the app and both stacks for one environment (synthesize with `app.synth()`). */
export function createApp(options: CreateAppOptions = {}): PipelineApp {
  const environment = options.environment ?? loadEnvironment();
  const app = new App(options.outdir !== undefined ? { outdir: options.outdir } : {});
  const agentTelemetry = new AgentTelemetryStack(app, AGENT_TELEMETRY_STACK_ID, { environment });
  const telemetrySink = new TelemetrySinkStack(app, TELEMETRY_SINK_STACK_ID, { environment });
  return { app, agentTelemetry, telemetrySink };
}

if (require.main === module) {
  const { app } = createApp();
  app.synth();
  // The cdktf CLI prints synth warnings; run as `node`/`ts-node main.ts` the app prints them itself.
  printSynthAnnotations(app);
}

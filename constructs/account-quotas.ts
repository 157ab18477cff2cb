import { KINESIS_LIMITS, isLargeQuotaRegion } from "stream-simulator";
import type { IConstruct } from "constructs";
import { knownAccountAndRegion } from "./aws-environment";
import { isToken } from "./validation/problems";

/**
 * Account-wide Kinesis quotas, counted over every stream of an app that deploys to one account and region (the
 * account and region contexts this library reads; without both, nothing is counted — the stacks might deploy to
 * different places): the provisioned shards per account (20,000 by default in us-east-1, us-west-2 and eu-west-1;
 * 1,000 or 6,000 elsewhere, depending on the region) and the on-demand streams per account (50 by default). Both are
 * defaults that can be raised (Service Quotas), so crossing one is a synth warning on the stream that crosses it, not
 * an error: CreateStream fails with LimitExceededException unless the quota was raised.
 */
interface Totals {
  provisionedShards: number;
  onDemandStreams: number;
}

const totals = new WeakMap<IConstruct, Map<string, Totals>>();

/** What a stream adds to its account's counts. */
export interface StreamQuotaClaim {
  readonly mode: string;
  /** Provisioned shard count (ignored for on-demand; a token is not counted). */
  readonly shardCount?: number;
}

/** Counts the stream `scope` creates; returns a warning for each default quota the app's streams now exceed. */
export function claimStreamQuota(scope: IConstruct, claim: StreamQuotaClaim): string[] {
  const place = knownAccountAndRegion(scope);
  if (place === undefined) return [];
  const { account, region } = place;
  const root = scope.node.root;
  let byPlace = totals.get(root);
  if (byPlace === undefined) totals.set(root, (byPlace = new Map()));
  const key = `${account}|${region}`;
  const count = byPlace.get(key) ?? { provisionedShards: 0, onDemandStreams: 0 };
  byPlace.set(key, count);

  const warnings: string[] = [];
  if (claim.mode === "ON_DEMAND") {
    count.onDemandStreams += 1;
    const quota = KINESIS_LIMITS.onDemandStreamsPerAccount.value;
    if (count.onDemandStreams === quota + 1) {
      warnings.push(
        `this is on-demand stream ${count.onDemandStreams} of this app in account ${account}, region ${region}: above the default quota ` +
          `of ${quota} on-demand streams per account (${KINESIS_LIMITS.onDemandStreamsPerAccount.source}); CreateStream fails ` +
          "unless the quota was raised (Service Quotas), or use provisioned capacity for some streams",
      );
    }
  } else if (typeof claim.shardCount === "number" && !isToken(claim.shardCount)) {
    const before = count.provisionedShards;
    count.provisionedShards += claim.shardCount;
    const large = isLargeQuotaRegion(region);
    const quota = large ? KINESIS_LIMITS.accountShardQuotaLargeRegions.value : KINESIS_LIMITS.accountShardQuotaOtherRegions.value;
    if (before <= quota && count.provisionedShards > quota) {
      warnings.push(
        `the provisioned streams of this app in account ${account}, region ${region} now have ${count.provisionedShards} shards: above the ` +
          `default shard quota of ${quota} per account ${large ? "in us-east-1, us-west-2 and eu-west-1" : "in this region (1,000 or 6,000 outside us-east-1, us-west-2 and eu-west-1)"} ` +
          `(${KINESIS_LIMITS.accountShardQuotaLargeRegions.source}); CreateStream and UpdateShardCount fail unless the quota was raised (Service Quotas)`,
      );
    }
  }
  return warnings;
}

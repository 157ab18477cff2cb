/**
 * The one place `EncryptedStream`'s defaults are applied: `resolveStreamSettings(props)` gives the values its
 * validation checks and its resources use.
 */
import { KINESIS_LIMITS } from "stream-simulator";
import type { PipelineKeyProps } from "../kms/props";
import type { EncryptedStreamProps, StreamAlarmsProps } from "./props";
import { StreamCapacity } from "./stream-capacity";
import { StreamEncryption, defaultAliasName } from "./stream-encryption";

/** An `EncryptedStream`'s props with every default applied. */
export interface StreamSettings {
  readonly capacity: StreamCapacity;
  readonly encryption: StreamEncryption;
  readonly retentionHours: number;
  /** Props of the key the stream creates (`StreamEncryption.customerManagedKey()`); undefined otherwise. */
  readonly keyProps?: PipelineKeyProps;
  /** Props of the stream's alarms; undefined with `alarms: false`. */
  readonly alarms?: StreamAlarmsProps;
}

/** `props` with `EncryptedStream`'s defaults applied. */
export function resolveStreamSettings(props: EncryptedStreamProps): StreamSettings {
  const capacity = props.capacity ?? StreamCapacity.onDemand();
  const encryption = props.encryption ?? StreamEncryption.customerManagedKey();
  const retentionHours = props.retentionHours ?? KINESIS_LIMITS.retentionMinHours.value;
  const keyProps: PipelineKeyProps | undefined =
    encryption.kind === "CUSTOMER_MANAGED_KEY"
      ? {
          aliasName: encryption.keyOptions?.aliasName ?? defaultAliasName(props.streamName),
          deletionWindowDays: encryption.keyOptions?.deletionWindowDays,
          description: encryption.keyOptions?.description ?? `Encrypts Kinesis stream ${props.streamName}`,
          removalPolicy: props.removalPolicy,
          tags: props.tags,
        }
      : undefined;
  const alarms: StreamAlarmsProps | undefined =
    (props.alarms ?? true)
      ? {
          streamName: props.streamName,
          retentionHours,
          iteratorAgeAlarmFraction: props.iteratorAgeAlarmFraction,
          iteratorAgeAlarmThresholdMs: props.iteratorAgeAlarmThresholdMs,
          alarmActionArns: props.alarmActionArns,
          shardCount: capacity.mode === "PROVISIONED" ? capacity.shardCount : undefined,
          capacityAlarmFraction: props.capacityAlarmFraction,
          tags: props.tags,
        }
      : undefined;
  return { capacity, encryption, retentionHours, keyProps, alarms };
}

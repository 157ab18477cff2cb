/** Synth-time rules of `StreamAlarms`. Pure: returns every problem, never throws; tokens are skipped. */
import type { StreamAlarmsProps } from "../stream/props";
import { isToken, type Problem } from "./problems";
import { checkAlarmActions, checkFraction } from "./rules";

/** Every problem with a `StreamAlarms`'s props (empty when valid); the same names as on `EncryptedStreamProps`. */
export function validateStreamAlarmsProps(props: StreamAlarmsProps): Problem[] {
  const problems: Problem[] = [
    ...checkFraction("iteratorAgeAlarmFraction", props.iteratorAgeAlarmFraction, "fraction of the retention period"),
    ...checkFraction("capacityAlarmFraction", props.capacityAlarmFraction, "fraction of the provisioned write capacity"),
  ];
  const threshold = props.iteratorAgeAlarmThresholdMs;
  if (threshold !== undefined && !isToken(threshold)) {
    if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
      problems.push({ property: "iteratorAgeAlarmThresholdMs", value: threshold, allowed: "a positive integer (milliseconds)" });
    }
  }
  if (threshold === undefined && props.retentionHours !== undefined && isToken(props.retentionHours)) {
    problems.push({
      property: "iteratorAgeAlarmThresholdMs",
      value: threshold,
      allowed: "an explicit threshold when retentionHours is a Terraform token (or set alarms: false)",
    });
  }
  problems.push(...checkAlarmActions("alarmActionArns", props.alarmActionArns));
  return problems;
}

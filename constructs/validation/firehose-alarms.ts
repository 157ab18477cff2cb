/** Synth-time rules of `FirehoseAlarms`. Pure: returns every problem, never throws; tokens are skipped. */
import type { FirehoseAlarmsProps } from "../firehose/props";
import { isToken, type Problem } from "./problems";
import { checkAlarmActions } from "./rules";

/** Every problem with a `FirehoseAlarms`'s props (empty when valid). */
export function validateFirehoseAlarmsProps(props: FirehoseAlarmsProps): Problem[] {
  const problems: Problem[] = [];
  const threshold = props.dataFreshnessThresholdSeconds;
  if (!isToken(threshold) && !(typeof threshold === "number" && Number.isInteger(threshold) && threshold > 0)) {
    problems.push({ property: "dataFreshnessThresholdSeconds", value: threshold, allowed: "a positive integer (seconds)" });
  }
  problems.push(...checkAlarmActions("alarmActionArns", props.alarmActionArns));
  return problems;
}

/**
 * The record processors of a `FirehoseToS3` (`processing_configuration`): a Lambda transform, JQ metadata extraction
 * for dynamic partitioning, and a newline delimiter, in the order Firehose runs them.
 */
import type { KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors as Processor } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import type { FirehoseToS3Props } from "./props";

/** The JQ engine Firehose's MetadataExtraction processor supports. */
const JQ_ENGINE = "JQ-1.6";
/** A JQ object key that needs no quoting. */
const JQ_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The processors `props` ask for; empty when none (then no `processing_configuration` is written). */
export function firehoseProcessors(props: FirehoseToS3Props): Processor[] {
  const processors: Processor[] = [];
  if (props.transformLambdaArn !== undefined) {
    const options = props.transformOptions ?? {};
    // Only what is given: Firehose's defaults otherwise (1 MB, 60 s, 3 retries).
    const tuning: [string, number | undefined][] = [
      ["BufferSizeInMBs", options.bufferSizeMB],
      ["BufferIntervalInSeconds", options.bufferIntervalSeconds],
      ["NumberOfRetries", options.retries],
    ];
    processors.push({
      type: "Lambda",
      parameters: [
        { parameterName: "LambdaArn", parameterValue: props.transformLambdaArn },
        ...tuning.filter(([, value]) => value !== undefined).map(([parameterName, value]) => ({ parameterName, parameterValue: String(value) })),
      ],
    });
  }
  const dp = props.dynamicPartitioning;
  if (dp !== undefined) {
    if (Object.keys(dp.jqQuery ?? {}).length > 0) {
      processors.push({
        type: "MetadataExtraction",
        parameters: [
          { parameterName: "MetadataExtractionQuery", parameterValue: jqObject(dp.jqQuery) },
          { parameterName: "JsonParsingEngine", parameterValue: JQ_ENGINE },
        ],
      });
    }
    if (dp.appendNewlineDelimiter ?? true) {
      processors.push({ type: "AppendDelimiterToRecord" });
    }
  }
  return processors;
}

/**
 * `{customer_id:(.customer.id),"event-type":(.type)}`: the JQ object Firehose's MetadataExtraction processor runs,
 * built from the partition-key map. Keys that are not JQ identifiers are quoted; each expression is parenthesised
 * because a bare object value may not contain ',' or operators (`{year: .ts | strftime("%Y")}` parses, `.a + 1`
 * does not).
 */
export function jqObject(query: Readonly<Record<string, string>>): string {
  const fields = Object.entries(query).map(([key, expression]) => `${JQ_IDENTIFIER.test(key) ? key : JSON.stringify(key)}:(${expression})`);
  return `{${fields.join(",")}}`;
}

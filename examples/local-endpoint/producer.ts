import { KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

// Endpoint from the environment (AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:4567); HTTP/1.1, which serve speaks.
export const kinesis = new KinesisClient({ requestHandler: new NodeHttpHandler() });

/** PutRecords, retrying the failed entries (ProvisionedThroughputExceededException); returns those left. */
export async function putAll(stream: string, records: PutRecordsRequestEntry[], attempts = 5): Promise<PutRecordsRequestEntry[]> {
  for (let attempt = 1; records.length > 0 && attempt <= attempts; attempt++) {
    const { Records = [] } = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
    records = records.filter((_, i) => Records[i]?.ErrorCode !== undefined);
    if (records.length > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
  }
  return records;
}

/**
 * Compression Firehose applies to the objects it writes to S3 (`compression_format`).
 *
 * An open-ended value set modelled on aws-cdk-lib's `aws-kinesisfirehose` `Compression` class: the known formats as
 * static instances, plus `Compression.of()` as an escape hatch for a format AWS adds before this library does.
 * Whether a value is allowed is decided by the Firehose rules (`checkFirehoseBuffering` in `validation/rules.ts`)
 * against `ALLOWED_VALUES.firehoseCompression` in `stream-simulator/src/limits.ts`, so `of()` itself never throws.
 * Values are the API's `CompressionFormat` spellings (note `Snappy`, not `SNAPPY`: boto/botocore,
 * `botocore/data/firehose/2015-08-04/service-2.json`, shape `CompressionFormat`).
 */
export class Compression {
  /**
   * gzip: readable by Athena, Spark and most tools; the library's default, as AWS Solutions Constructs'
   * (awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/core/lib/kinesis-firehose-s3-defaults.ts`).
   */
  public static readonly GZIP = new Compression("GZIP");
  /** Hadoop-compatible Snappy framing. */
  public static readonly HADOOP_SNAPPY = new Compression("HADOOP_SNAPPY");
  /** Raw Snappy framing (not readable by Athena). */
  public static readonly SNAPPY = new Compression("Snappy");
  /** ZIP archives. */
  public static readonly ZIP = new Compression("ZIP");
  /** No compression. */
  public static readonly UNCOMPRESSED = new Compression("UNCOMPRESSED");

  /** A compression format by its API name, e.g. `Compression.of("GZIP")`. Checked when the construct validates. */
  public static of(value: string): Compression {
    return new Compression(value);
  }

  private constructor(
    /** The `CompressionFormat` value written to `compression_format`. */
    public readonly value: string,
  ) {}

  /** The API value, so a `Compression` renders sensibly in messages and templates. */
  public toString(): string {
    return this.value;
  }
}

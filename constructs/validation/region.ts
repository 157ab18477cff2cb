/**
 * AWS Region names: the checks of the library's region context (its shape, whether AWS lists it, and that it is the
 * stack's AWS provider region). Pure: returns problems and warnings, never throws; tokens are skipped. The Region list is `ALLOWED_VALUES.awsRegions` in
 * stream-simulator/src/limits.ts (with its source and the date it was checked).
 */
import { ALLOWED_VALUES } from "stream-simulator";
import { isToken, type Problem } from "./problems";
import { checkKmsKeyArn } from "./rules";

/**
 * The shape of a Region code: `<area>-<direction>-<n>`, with the partition's infix where it has one (`us-gov-west-1`,
 * `us-iso-east-1`, `eusc-de-east-1`).
 */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]{2,4})*-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

const KNOWN: readonly string[] = ALLOWED_VALUES.awsRegions.values;

/**
 * A Region name is an error when it is not shaped like one (`eu-west-9x`, `Europe`), and a warning when it is shaped
 * like one but not among the Regions AWS listed when the table was checked (`eu-west-9`: a typo, or a Region
 * launched since). `undefined` and tokens pass.
 */
export function checkRegionName(property: string, value: unknown): { problems: Problem[]; warnings: string[] } {
  if (value === undefined || isToken(value)) return { problems: [], warnings: [] };
  if (typeof value !== "string" || !REGION_SHAPE.test(value)) {
    return { problems: [{ property, value, allowed: 'an AWS Region code such as "eu-west-1" (<area>-<direction>-<number>)' }], warnings: [] };
  }
  if (KNOWN.includes(value)) return { problems: [], warnings: [] };
  return {
    problems: [],
    warnings: [
      `${property}: ${JSON.stringify(value)} is not a Region AWS listed on ${ALLOWED_VALUES.awsRegions.asOf} ` +
        `(${ALLOWED_VALUES.awsRegions.source.split("; ")[0]}); check the name unless the Region is newer`,
    ],
  };
}

/**
 * The region context must be the region the stack's AWS provider deploys to: ARNs, service principals in trust
 * policies and `kms:ViaService` conditions are built from the context, so a different provider region gives a stack
 * that plans but whose roles cannot be assumed. Both must be literals to compare.
 */
export function checkContextRegionMatchesProvider(contextProperty: string, contextRegion: string, providerRegion: unknown): Problem[] {
  const expression = (v: string) => isToken(v) || v.includes("${");
  if (typeof providerRegion !== "string" || expression(providerRegion) || expression(contextRegion) || providerRegion === contextRegion) return [];
  return [
    {
      property: contextProperty,
      value: contextRegion,
      allowed:
        `the region of the stack's AWS provider, ${JSON.stringify(providerRegion)} (ARNs, trust policies and kms:ViaService ` +
        `conditions are built with the context region; set the context to the provider's region, or leave it unset to read it from data.aws_region)`,
    },
  ];
}

/** The region of a literal ARN (`arn:<partition>:<service>:<region>:…`), if it names one. */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" && parts[3] !== "" ? parts[3] : undefined;
}

/**
 * A KMS key ARN in another region than the stack's: Kinesis, S3, Firehose and CloudWatch Logs encrypt only with keys
 * of their own region (a multi-Region key is used through its replica's ARN in that region). Nothing when either
 * region is unknown at synth (a token, no region context).
 */
export function checkKeyInRegion(property: string, keyArn: string | undefined, region: string | undefined): Problem[] {
  if (keyArn === undefined || typeof keyArn !== "string" || isToken(keyArn) || region === undefined || isToken(region)) return [];
  const keyRegion = arnRegion(keyArn);
  if (keyRegion === undefined || keyRegion === region) return [];
  return [
    {
      property,
      value: keyArn,
      allowed:
        `a KMS key in the stack's region, ${region} (this key is in ${keyRegion}; AWS services encrypt with keys of their own ` +
        `region: for a multi-Region key, give its replica's ARN in ${region})`,
    },
  ];
}

/**
 * An existing KMS key given by ARN: its shape (`checkKmsKeyArn`, a key ARN, not an alias) and its region
 * (`checkKeyInRegion`), the two rules every "existing key" property of the constructs has.
 */
export function checkExistingKeyArn(property: string, keyArn: string | undefined, region: string | undefined): Problem[] {
  return [...checkKmsKeyArn(property, keyArn), ...checkKeyInRegion(property, keyArn, region)];
}

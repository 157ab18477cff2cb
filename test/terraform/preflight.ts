/**
 * CI preflight: proves terraform and the offline AWS provider mirror are available, using exactly the discovery the
 * tests use, and fails loudly (exit 1, with what was looked for) when either is missing.
 *
 *   node --require ts-node/register test/terraform/preflight.ts
 */
import { AWS_PROVIDER_VERSION, findProviderMirror, findTerraform, terraformPlatform } from "../../testing/terraform/discovery";

try {
  const terraform = findTerraform();
  const mirror = findProviderMirror();
  console.log(`terraform:      ${terraform.binary} ${terraform.version}`);
  console.log(`provider mirror: ${mirror} (hashicorp/aws ${AWS_PROVIDER_VERSION}, ${terraformPlatform()})`);
} catch (error) {
  console.error(`PREFLIGHT FAILED\n${(error as Error).message}`);
  process.exit(1);
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // "stream-simulator" and "cdktf-kinesis-pipeline" resolve to their TypeScript sources through this export condition
  // (package.json "exports"), so tests never need (or see a stale) dist/.
  testEnvironmentOptions: { customExportConditions: ["@cdktf-kinesis-pipeline/source", "node", "node-addons"] },
  // The consumer example (its own package, so no self-reference) imports the library by name: its sources.
  moduleNameMapper: {
    "^cdktf-kinesis-pipeline$": "<rootDir>/index.ts",
    "^cdktf-kinesis-pipeline/testing$": "<rootDir>/testing/index.ts",
    "^cdktf-kinesis-pipeline/testing/register$": "<rootDir>/testing/register.ts",
    "^cdktf-kinesis-pipeline/testing/terraform$": "<rootDir>/testing/terraform/index.ts",
  },
  roots: ["<rootDir>/test", "<rootDir>/stream-simulator/test"],
  testMatch: ["**/*.test.ts"],
  // @swc/jest plus module-local bindings of the built-ins a file uses (Math, …): global lookups inside jest's vm
  // context are ≈40× slower than in plain Node, which made the simulator's loops slow under jest.
  transform: {
    "^.+\\.ts$": [
      "<rootDir>/test/jest-transform.js",
      { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
    ],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // One directory per run in which the terraform harness shares its `terraform init` between the workers.
  globalSetup: "<rootDir>/test/terraform/jest-global-setup.ts",
  globalTeardown: "<rootDir>/test/terraform/jest-global-teardown.ts",
  // On a cold cache (fresh clone) the known slow files start first, so none of them ends the run alone.
  testSequencer: "<rootDir>/test/slow-first-sequencer.js",
  testTimeout: 120000,
};

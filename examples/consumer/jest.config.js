/** The consumer example's jest set-up: TypeScript through @swc/jest; built output (dist/) is not tested again. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "@swc/jest" },
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/dist/"],
};

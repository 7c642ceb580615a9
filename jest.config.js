/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only; `npm run typecheck` type-checks the whole tree once.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  testTimeout: 60000,
  setupFiles: ["<rootDir>/tests/setupEnv.js"],
  // Both cores: most suites run the program in-process or wait on a child, so two workers overlap well (issue #15).
  maxWorkers: 2,
};

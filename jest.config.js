/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // One test file at a time by default: on CI's two cores each integration, end-to-end and browser
  // file starts a Bolt app, a local Slack and (browser) Chromium beside the shared Postgres, and two
  // such files at once starved each other past their waits (a different test each run).
  // GUILD_TEST_WORKERS=2 runs two at once on a machine with room to spare.
  maxWorkers: Number(process.env.GUILD_TEST_WORKERS) || 1,
};

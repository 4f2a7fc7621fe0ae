/** Jest: ts-jest in transpile-only mode (isolatedModules); type-checking is `npm run typecheck`. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  // Each worker holds every test file's module copies (over 1 GB by the end) and needs longer than jest's
  // default 500 ms to exit; the default then force-kills it and prints a spurious "failed to exit" warning.
  workerGracefulExitTimeout: 2000,
};

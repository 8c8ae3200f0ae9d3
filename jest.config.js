// Two projects: fast pure unit tests (`*.spec.ts` beside the code) and e2e tests
// (`test/**/*.e2e-spec.ts`) that run against the real Postgres and Redis in a
// database and bull prefix of their own, created by test/global-setup.ts.
const moduleNameMapper = {
  '^@app/domain$': '<rootDir>/libs/domain/src',
  '^@app/database$': '<rootDir>/libs/database/src',
  '^@app/queue$': '<rootDir>/libs/queue/src',
  '^@app/auth$': '<rootDir>/libs/auth/src',
  '^@app/pki$': '<rootDir>/libs/pki/src',
  '^@app/platform$': '<rootDir>/libs/platform/src',
  '^@app/idempotency$': '<rootDir>/libs/idempotency/src',
  '^@app/bulk$': '<rootDir>/libs/bulk/src',
  '^@app/audit-runs$': '<rootDir>/libs/audit-runs/src',
  '^@app/economy$': '<rootDir>/libs/testing/economy/src',
  '^@app/review$': '<rootDir>/libs/review/src',
  '^@app/trade-graph$': '<rootDir>/libs/trade-graph/src',
  '^@app/migrations$': '<rootDir>/db/migrations',
  '^@app/testing$': '<rootDir>/test/support',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  setupFiles: ['reflect-metadata'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
};

module.exports = {
  maxWorkers: 2,
  // e2e tests boot apps and wait for jobs; never a timing assertion, only a hang guard.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};

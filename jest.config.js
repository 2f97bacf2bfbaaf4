/** One jest run for every tier: unit specs beside the code, e2e and contract suites in test/. */
const { readFileSync } = require('node:fs');
const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testRegex: '(libs|apps|test)/.*\\.(spec|e2e-spec|contract-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    // ESM-only; plain Node 20.19 requires it as it is, jest's CommonJS runtime needs it compiled.
    '/request-filtering-agent/.+\\.js$': ['@swc/jest', { ...swcrc, swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!request-filtering-agent/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@caseledger/(sla|domain|event-store|application|read-models|testing|runtime|webhooks)$': '<rootDir>/libs/$1/src',
    // In-memory PGlite starts from an image of a fresh cluster made once per run (test/setup/pglite-image.ts).
    '^@electric-sql/pglite$': '<rootDir>/test/setup/pglite.ts',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};

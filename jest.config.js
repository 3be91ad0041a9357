// @ts-check
const { readFileSync } = require('node:fs');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));

// Map the tsconfig path aliases to files so tests run straight from sources.
const moduleNameMapper = Object.fromEntries(
  Object.entries(/** @type {Record<string, string[]>} */ (compilerOptions.paths)).map(([alias, [target]]) => [
    `^${alias.replace(/\//g, '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: __dirname } }] },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist'],
  // jsdom (page reading) pulls in ESM-only packages, which Jest on Node 20 cannot require untransformed.
  transformIgnorePatterns: ['/node_modules/(?!(@asamuzakjp|@csstools|css-tree|@bramus|@exodus|parse5|entities|tough-cookie)/)'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/apps/web/', '<rootDir>/libs/web/'],
};

const slow = { ...base, setupFilesAfterEnv: ['<rootDir>/tools/jest/slow-tier.setup.js'] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...slow, displayName: 'medium', testMatch: ['<rootDir>/{apps,libs}/**/*.medium-spec.ts'] },
    { ...slow, displayName: 'e2e', testMatch: ['<rootDir>/apps/api/test/**/*.e2e-spec.ts'] },
    { ...slow, displayName: 'browser', testMatch: ['<rootDir>/apps/web-e2e/src/**/*.browser-spec.ts'] },
  ],
};

// Runs every test tier in order and stops at the first failure: `npm test`, or `node scripts/test.mjs unit medium`
// for chosen steps. Finds PostgreSQL, Redis and Chromium on this machine; what is missing is reported loudly,
// and under CI=true it is an error, because CI must test everything.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
const isCI = process.env.CI === 'true' || process.env.CI === '1';

// Test files per tier, as the jest projects in jest.config.js and the SPA's vitest config match them.
const testFiles = {
  unit: /^(apps|libs)\/(?!web\/).*\.spec\.ts$/,
  medium: /^(apps|libs)\/.*\.medium-spec\.ts$/,
  e2e: /^apps\/api\/test\/.*\.e2e-spec\.ts$/,
  browser: /^apps\/web-e2e\/src\/.*\.browser-spec\.ts$/,
  web: /^(apps|libs)\/web\/.*\.(spec|test)\.ts$/,
};

// PGlite loads its WASM parts with a dynamic import, which Jest's module sandbox only allows with this flag.
const jestEnv = { NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ') };
const jest = (project, ...args) => ({ command: ['npx', 'jest', '--selectProjects', project, ...args], env: jestEnv });
const steps = [
  {
    name: 'lint',
    // The Nx module-boundary rule reads the cached project graph and is silently skipped without one (fresh clone),
    // so compute it first.
    commands: [['npx', 'nx', 'show', 'projects'], ['npx', 'eslint', '.']],
    when: () => hasFile(/^eslint\.config\.[cm]?[jt]s$/, '.') || 'no eslint.config.* yet',
  },
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'], when: () => existsSync('tsconfig.check.json') || 'no tsconfig.check.json yet' },
  { name: 'unit', ...jest('unit'), when: () => hasTests('unit') },
  { name: 'medium', ...jest('medium', '--runInBand'), needs: ['postgres', 'redis'], when: () => hasTests('medium') },
  {
    name: 'web',
    command: ['npx', 'vitest', 'run', '--config', 'apps/web/vite.config.ts'],
    when: () => (existsSync('apps/web/vite.config.ts') ? hasTests('web') : 'no apps/web/vite.config.ts yet'),
  },
  { name: 'build', command: ['npm', 'run', 'build'] },
  { name: 'e2e', ...jest('e2e', '--runInBand'), needs: ['postgres', 'redis'], when: () => hasTests('e2e') },
  // The browser tests drive the built app, so they bring the build step along when chosen alone.
  {
    name: 'browser',
    ...jest('browser', '--runInBand'),
    needs: ['postgres', 'redis', 'chromium'],
    requires: ['build'],
    when: () => (process.env.CHROMIUM_PATH ? hasTests('browser') : 'Chromium not found'),
  },
];

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(relative(root, path).split('\\').join('/'));
  }
  return out;
}

let sourceFiles;
function hasTests(tier) {
  sourceFiles ??= ['apps', 'libs'].filter((dir) => existsSync(dir)).flatMap((dir) => walk(dir));
  return sourceFiles.some((file) => testFiles[tier].test(file)) || `no ${tier} test files yet`;
}

function hasFile(pattern, dir) {
  return readdirSync(dir).some((name) => pattern.test(name));
}

function acceptsTcp(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Fills TEST_DATABASE_URL, TEST_REDIS_URL and CHROMIUM_PATH; returns what is missing and why. */
async function detectTargets() {
  const missing = {};
  if (process.env.TEST_DATABASE_URL) {
    console.log(`PostgreSQL: ${redact(process.env.TEST_DATABASE_URL)} (TEST_DATABASE_URL)`);
  } else if (await acceptsTcp('127.0.0.1', 5432)) {
    process.env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
    console.log(`PostgreSQL: ${process.env.TEST_DATABASE_URL} (found listening)`);
  } else {
    missing.postgres = 'PostgreSQL not reachable on 127.0.0.1:5432 and TEST_DATABASE_URL unset: database tests run on embedded PGlite only';
  }

  if (process.env.TEST_REDIS_URL) {
    console.log(`Redis:      ${redact(process.env.TEST_REDIS_URL)} (TEST_REDIS_URL)`);
  } else if (await acceptsTcp('127.0.0.1', 6379)) {
    process.env.TEST_REDIS_URL = 'redis://127.0.0.1:6379';
    console.log(`Redis:      ${process.env.TEST_REDIS_URL} (found listening)`);
  } else {
    missing.redis = 'Redis not reachable on 127.0.0.1:6379 and TEST_REDIS_URL unset: Redis-backed sessions, queue and event bus NOT tested (in-process adapters only)';
  }

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (isExecutable(chromium)) {
    process.env.CHROMIUM_PATH = chromium;
    console.log(`Chromium:   ${chromium}`);
  } else {
    delete process.env.CHROMIUM_PATH;
    missing.chromium = `Chromium not found at ${chromium} (set CHROMIUM_PATH): browser tests NOT run`;
  }
  return missing;
}

function redact(url) {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function banner(title, lines) {
  const rule = '!'.repeat(78);
  console.log(`\n${rule}\n!! ${title}\n${lines.map((line) => `!!   - ${line}`).join('\n')}\n${rule}\n`);
}

const nxEnv = { NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };

function run([command, ...args], env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', ...nxEnv, ...env } });
    child.once('error', (error) => {
      console.error(`cannot start ${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(signal ? 1 : code));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function selectSteps(names) {
  if (names.length === 0) return steps;
  const unknown = names.filter((name) => !steps.some((step) => step.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown step: ${unknown.join(', ')}. Steps: ${steps.map((step) => step.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = steps.filter((step) => names.includes(step.name));
  const wanted = new Set([...names, ...chosen.flatMap((step) => (step.when?.() === true ? (step.requires ?? []) : []))]);
  return steps.filter((step) => wanted.has(step.name));
}

async function main() {
  if (!existsSync('node_modules')) {
    console.error('node_modules is missing: run `npm install` first.');
    process.exit(1);
  }
  console.log(`Kipux tests${isCI ? ' (CI: everything must be covered)' : ''}\n`);
  const missing = await detectTargets();
  const selected = selectSteps(process.argv.slice(2));
  console.log(`Steps: ${selected.map((step) => step.name).join(', ')}`);
  const needed = new Set(selected.flatMap((step) => step.needs ?? []));
  const uncovered = Object.entries(missing).filter(([target]) => needed.has(target)).map(([, reason]) => reason);
  if (uncovered.length > 0) {
    if (isCI) {
      banner('CI=true but the test targets are incomplete:', uncovered);
      console.error('Install and start what is missing (see .ci/run), or point TEST_DATABASE_URL / TEST_REDIS_URL / CHROMIUM_PATH at it.');
      process.exit(1);
    }
    banner('WARNING: these tests are NOT fully covered on this machine:', uncovered);
  }

  const results = [];
  const started = Date.now();
  for (const step of selected) {
    const skip = step.when ? step.when() : true;
    if (skip !== true) {
      console.log(`\n--- ${step.name}: skipped (${skip})`);
      results.push(`${step.name.padEnd(10)} skipped: ${skip}`);
      continue;
    }
    const commands = step.commands ?? [step.command];
    console.log(`\n=== ${step.name}: ${commands.map((command) => command.join(' ')).join(' && ')}\n`);
    const stepStarted = Date.now();
    let code = 0;
    for (const command of commands) {
      code = await run(command, step.env);
      if (code !== 0) break;
    }
    const took = seconds(Date.now() - stepStarted);
    if (code !== 0) {
      console.error(`\n=== ${step.name}: FAILED (exit ${code}) after ${took}`);
      process.exit(code || 1);
    }
    console.log(`\n=== ${step.name}: passed in ${took}`);
    results.push(`${step.name.padEnd(10)} passed in ${took}`);
  }

  console.log(`\nSummary (${seconds(Date.now() - started)}):\n${results.map((line) => `  ${line}`).join('\n')}`);
  if (uncovered.length > 0) banner('WARNING: not covered on this machine (see above):', uncovered);
}

await main();

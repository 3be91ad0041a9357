// `npm run demo`: the built app against apps/fake-upstreams (which plays LiteLLM), so everything works without
// any account or API key. Builds first when there is no build (or with --build). Prints the URL to open.
// Environment: PORT (3000) for the app, FAKE_PORT (a free one) for the fakes, DEMO_DATA_DIR (./data/demo).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const apiMain = join(root, 'dist/api/apps/api/src/main.js');
const fakesMain = join(root, 'dist/api/apps/fake-upstreams/src/main.js');

if (process.argv.includes('--build') || !existsSync(apiMain) || !existsSync(fakesMain)) {
  console.log('Building the app (npm run build)...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [];

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

/** Starts a Node program and resolves with the first match of `pattern` in its output (echoed with a prefix). */
function start(name, script, env, pattern) {
  const child = spawn(process.execPath, [script], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let found = false;
    const onData = (data) => {
      for (const line of data.toString().split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      const match = !found && pattern.exec(data.toString());
      if (match) {
        found = true;
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${name} exited with ${code} before it was ready`));
      else {
        console.log(`[${name}] exited with ${code}`);
        stopAll(code ?? 1);
      }
    });
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  const fakesUrl = await start('fake-upstreams', fakesMain, { PORT: process.env.FAKE_PORT ?? '0', HOST: '127.0.0.1' }, /listening on (http:\/\/\S+)/);
  const appUrl = await start(
    'kipux',
    apiMain,
    {
      PORT: process.env.PORT ?? '3000',
      HOST: process.env.HOST ?? '127.0.0.1',
      DATA_DIR: process.env.DEMO_DATA_DIR ?? join(root, 'data/demo'),
      LITELLM_BASE_URL: fakesUrl,
      LITELLM_API_KEY: '',
      // The fake also plays SearXNG and serves the pages its results point at, on loopback.
      SEARXNG_URL: fakesUrl,
      SSRF_ALLOW_HOSTS: new URL(fakesUrl).host,
      // The fake's deterministic /v1/embeddings: search by meaning and the Embeddings admin page work too.
      EMBEDDING_MODEL: process.env.EMBEDDING_MODEL ?? 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: process.env.EMBEDDING_DIMENSIONS ?? '256',
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    /Listening on (http:\/\/\S+)/,
  );
  console.log('');
  console.log(`Kipux demo: ${appUrl}`);
  console.log('Sign up (the first account is the admin) and pick a fake model: fake/reasoning, fake/slow, fake/tools, fake/xss,');
  console.log('fake/error-500, cassette/xai_grok_reasoning_stream, ... (see apps/fake-upstreams/README.md). Ctrl+C stops both.');
} catch (error) {
  console.error(error.message);
  stopAll(1);
}

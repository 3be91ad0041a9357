/**
 * Relay overhead of POST /v1/chat/completions (streaming): the same streams read straight from
 * fake-upstreams and through Kipux, at 1, 100 and 500 concurrent streams.
 *
 *   npm run bench:relay                      # source build (swc-node); BENCH_APP=dist uses dist/api (npm run build:api)
 *   BENCH_LEVELS=1,100 BENCH_ROUNDS=3 BENCH_WORDS=40 BENCH_TPS=40 npm run bench:relay
 *
 * Fake-upstreams and the app run as their own processes (so neither competes with the load generator's
 * event loop); the app runs in embedded mode (PGlite) with rate limits off. Each level runs BENCH_ROUNDS
 * rounds alternating direct and relayed, so drift on the machine hits both sides alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(__dirname, '../..');
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,100,500').split(',').map(Number);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const WORDS = Number(process.env['BENCH_WORDS'] ?? 40);
const TPS = Number(process.env['BENCH_TPS'] ?? 40);
const MODEL = `fake/slow?tps=${TPS}&words=${WORDS}`;
const FAKE_PORT = 4610 + Math.floor(Math.random() * 100);
const APP_PORT = FAKE_PORT + 200;

interface StreamTiming {
  ttftMs: number;
  totalMs: number;
  chunks: number;
}

function start(name: string, args: string[], env: Record<string, string>): ChildProcess {
  // swc-node resolves the @kipux/* aliases from the base tsconfig (there is no root tsconfig.json).
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { SWC_NODE_PROJECT: 'tsconfig.base.json', ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (data: Buffer) => {
    log = (log + data.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code) => {
    if (code !== null && code !== 0) console.error(`${name} exited with ${code}:\n${log}`);
  });
  return child;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** One streaming request, read like an SDK would: time to the first content delta and to `[DONE]`. */
async function streamOnce(url: string, apiKey: string): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    // Both sides ask for the usage chunk: the relay always asks upstream for it (accounting needs it).
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'count' }], stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let ttftMs = -1;
  let chunks = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += decoder.decode(read.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (event === 'data: [DONE]') return { ttftMs, totalMs: performance.now() - started, chunks };
      chunks += 1;
      if (ttftMs < 0 && event.includes('"content":"')) ttftMs = performance.now() - started;
    }
  }
  throw new Error('stream ended without [DONE]');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface LevelResult {
  direct: StreamTiming[];
  relay: StreamTiming[];
  directSeconds: number;
  relaySeconds: number;
  peakRssKb: number;
  baseRssKb: number;
}

async function runLevel(concurrency: number, urls: { direct: string; relay: string }, keys: { fake: string; kipux: string }, appPid: number): Promise<LevelResult> {
  const result: LevelResult = { direct: [], relay: [], directSeconds: 0, relaySeconds: 0, peakRssKb: 0, baseRssKb: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of ['direct', 'relay'] as const) {
      const url = urls[side];
      const key = side === 'direct' ? keys.fake : keys.kipux;
      if (side === 'relay') {
        (globalThis as { gc?: () => void }).gc?.();
        result.baseRssKb = Math.max(result.baseRssKb, rssKb(appPid));
      }
      let peak = 0;
      const sampler = side === 'relay' ? setInterval(() => (peak = Math.max(peak, rssKb(appPid))), 20) : undefined;
      const started = performance.now();
      const timings = await Promise.all(Array.from({ length: concurrency }, () => streamOnce(url, key)));
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      result[side].push(...timings);
      if (side === 'direct') result.directSeconds += seconds;
      else {
        result.relaySeconds += seconds;
        result.peakRssKb = Math.max(result.peakRssKb, peak);
      }
    }
  }
  return result;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kipux-bench-'));
  const modelInfo = join(dataDir, 'model_info.json');
  writeFileSync(
    modelInfo,
    JSON.stringify({
      data: [{ model_name: MODEL, litellm_params: { model: `openai/${MODEL}` }, model_info: { id: 'bench', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } }],
    }),
  );
  const register = ['-r', '@swc-node/register'];
  const fake = start('fake-upstreams', [...register, 'apps/fake-upstreams/src/main.ts'], { PORT: String(FAKE_PORT), FAKE_MODEL_INFO: modelInfo });
  const profile = process.env['BENCH_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`] : [];
  const appArgs = [...profile, ...(process.env['BENCH_APP'] === 'dist' ? ['dist/api/apps/api/src/main.js'] : [...register, 'apps/api/src/main.ts'])];
  const app = start('api', appArgs, {
    PORT: String(APP_PORT),
    DATA_DIR: join(dataDir, 'data'),
    DATABASE_URL: '',
    REDIS_URL: '',
    LITELLM_BASE_URL: `http://127.0.0.1:${FAKE_PORT}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    API_RATE_LIMIT_PER_KEY_PER_MINUTE: '0',
    API_RATE_LIMIT_PER_USER_PER_MINUTE: '0',
    MODEL_SYNC_INTERVAL_MINUTES: '0',
    BCRYPT_ROUNDS: '4',
  });
  const stop = () => {
    fake.kill('SIGTERM');
    app.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${FAKE_PORT}/health/liveliness`);
    await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`);
    const apiKey = await createKey(`http://127.0.0.1:${APP_PORT}`);
    const urls = { direct: `http://127.0.0.1:${FAKE_PORT}/v1/chat/completions`, relay: `http://127.0.0.1:${APP_PORT}/v1/chat/completions` };
    const keys = { fake: 'none', kipux: apiKey };
    // Warm-up: JIT, connection pools, the catalog's first queries.
    await runLevel(20, urls, keys, app.pid as number);

    console.log(`\nRelay overhead, ${MODEL} (${WORDS} content chunks at ${TPS}/s per stream), ${ROUNDS} rounds per level, ${process.env['BENCH_APP'] === 'dist' ? 'built app' : 'app from sources (swc-node)'}, embedded mode\n`);
    const rows: string[][] = [];
    for (const level of LEVELS) {
      const r = await runLevel(level, urls, keys, app.pid as number);
      const stat = (side: 'direct' | 'relay', field: 'ttftMs' | 'totalMs', p: number) => percentile(r[side].map((t) => t[field]), p);
      const added = (field: 'ttftMs' | 'totalMs', p: number) => stat('relay', field, p) - stat('direct', field, p);
      const chunks = (side: 'direct' | 'relay') => r[side].reduce((sum, t) => sum + t.chunks, 0);
      rows.push([
        String(level),
        `${stat('direct', 'ttftMs', 50).toFixed(2)} / ${stat('relay', 'ttftMs', 50).toFixed(2)}`,
        added('ttftMs', 50).toFixed(2),
        added('ttftMs', 99).toFixed(2),
        added('totalMs', 50).toFixed(2),
        added('totalMs', 99).toFixed(2),
        `${Math.round(chunks('direct') / r.directSeconds)} / ${Math.round(chunks('relay') / r.relaySeconds)}`,
        (((r.peakRssKb - r.baseRssKb) / level)).toFixed(1),
      ]);
    }
    printTable(
      ['streams', 'TTFT p50 direct/relay ms', '+TTFT p50', '+TTFT p99', '+total p50', '+total p99', 'chunks/s direct/relay', 'KB RSS/stream'],
      rows,
    );
    console.log('\n+ = relayed minus direct, in ms (percentiles of each side). KB RSS/stream = (peak RSS during the relayed round − RSS before it) / streams.');
  } finally {
    stop();
  }
}

/** Signs up (the first user is admin), syncs the catalog from the fake and creates an API key. */
async function createKey(base: string): Promise<string> {
  const register = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: `bench-${Date.now()}@example.com`, password: 'correct horse battery' }),
  });
  if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
  const cookie = (register.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await register.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const sync = await fetch(`${base}/api/admin/models/sync`, { method: 'POST', headers });
  if (!sync.ok) throw new Error(`sync: ${sync.status} ${await sync.text()}`);
  const key = await fetch(`${base}/api/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench' }) });
  if (!key.ok) throw new Error(`api key: ${key.status} ${await key.text()}`);
  return ((await key.json()) as { secret: string }).secret;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

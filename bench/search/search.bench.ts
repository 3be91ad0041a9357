/**
 * Hybrid search latency over 100k messages, and embedding throughput of the job processor.
 *
 *   npm run bench:search                                  # PostgreSQL at BENCH_DATABASE_URL (default the local server)
 *   BENCH_MESSAGES=20000 BENCH_QUERIES=100 BENCH_DIMENSIONS=256 npm run bench:search
 *   BENCH_KEEP_DATABASE=1 npm run bench:search           # keep the seeded database to EXPLAIN queries in it
 *
 * Seeds a fresh database (dropped at the end) with one user's messages across 1,000 conversations, random-ish
 * text from a mixed English/Spanish vocabulary and precomputed vectors (the same word-hash vectors
 * fake-upstreams serves), builds the HNSW index, then times `SearchService.search` (query embedding from
 * fake-upstreams + SQL) and `EmbeddingProcessor` jobs of 64 messages against fake-upstreams. Prints figures only.
 */
import { AppConfig } from '@kipux/api/config';
import { EmbeddingJob, EmbeddingProcessor, SearchService } from '@kipux/api/search';
import { fakeEmbedding, startFakeUpstreams } from '@kipux/fake-upstreams';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 100_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 200);
const DIMENSIONS = Number(process.env['BENCH_DIMENSIONS'] ?? 256);
const EMBED_MESSAGES = Number(process.env['BENCH_EMBED_MESSAGES'] ?? 5_000);
const MODEL = 'text-embedding-3-small';
const CONVERSATIONS = 1000;
const BATCH = 1000;

const WORDS = (
  'postgres vector index query latency cache redis queue worker embedding model search answer question budget travel ' +
  'recipe bread garden python typescript deploy docker kubernetes invoice meeting report kangaroo lighthouse music ' +
  'biblioteca viaje receta cocina jardín reunión informe presupuesto música playa montaña ciudad código servidor ' +
  'error prueba datos usuario contraseña factura tiempo lluvia sol noche mañana libro película historia ciencia'
).split(' ');

/** A deterministic pseudo-random generator, so runs seed the same corpus. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
/** Real words first (the most frequent), then 3,000 made-up ones: a long tail, as in real chats. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'san', 'du', 'pre', 'vol', 'ri', 'nex', 'bo', 'gal', 'ti', 'mur', 'fe'];
const VOCABULARY = [
  ...WORDS,
  ...Array.from({ length: 3000 }, (_, i) => SYLLABLES[i % 15]! + SYLLABLES[Math.floor(i / 15) % 15]! + SYLLABLES[Math.floor(i / 225) % 15]!),
];
/** Skewed towards the first words (roughly Zipf-like): a few words are everywhere, most are rare. */
function word(): string {
  return VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]!;
}
function sentence(words: number): string {
  return Array.from({ length: words }, word).join(' ') + '.';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function insertMessages(db: DataSource, userId: string, count: number, withVectors: boolean): Promise<string[]> {
  const conversations = (await db.query(`SELECT id FROM conversations WHERE user_id = $1 ORDER BY id`, [userId])) as Array<{ id: string }>;
  const ids: string[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => ({
      id: randomUUID(),
      conversationId: conversations[(start + i) % conversations.length]!.id,
      role: (start + i) % 2 === 0 ? 'user' : 'assistant',
      content: sentence(8 + Math.floor(random() * 30)),
    }));
    await db.query(
      `INSERT INTO messages (id, conversation_id, role, content, status)
       SELECT id, conversation_id, role, content, 'complete' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS r(id, conversation_id, role, content)`,
      [rows.map((r) => r.id), rows.map((r) => r.conversationId), rows.map((r) => r.role), rows.map((r) => r.content)],
    );
    if (withVectors) {
      await db.query(
        `INSERT INTO message_embeddings (message_id, chunk, model, dimensions, content, embedding)
         SELECT id, 0, $1, $2, content, embedding::vector FROM unnest($3::uuid[], $4::text[], $5::text[]) AS r(id, content, embedding)`,
        [MODEL, DIMENSIONS, rows.map((r) => r.id), rows.map((r) => r.content), rows.map((r) => JSON.stringify(fakeEmbedding(r.content, DIMENSIONS)))],
      );
    }
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function main(): Promise<void> {
  const database = `kipux_bench_search_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  await withClient(ADMIN_URL, (client) => client.query(`CREATE DATABASE ${database}`));
  const fakes = await startFakeUpstreams({ apiKey: 'sk-bench' });
  // PROCESS_ROLE=api: no worker and no sweep, so the benchmark alone decides what gets embedded and when.
  const app = await createApp(
    AppConfig.fromEnv({
      DATABASE_URL: url.toString(),
      LITELLM_BASE_URL: fakes.url,
      LITELLM_API_KEY: 'sk-bench',
      EMBEDDING_MODEL: MODEL,
      EMBEDDING_DIMENSIONS: String(DIMENSIONS),
      PROCESS_ROLE: 'api',
      MODEL_SYNC_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: ':memory:',
      WEB_DIST_DIR: '/nonexistent',
    }),
  );
  await app.init();
  try {
    const db = app.get(DataSource);
    const [user] = (await db.query(`INSERT INTO users (email, name, password_hash) VALUES ('bench@example.com', 'Bench', 'x') RETURNING id`)) as Array<{ id: string }>;
    const userId = user!.id;
    await db.query(`INSERT INTO conversations (user_id, title) SELECT $1, 'Conversation ' || n FROM generate_series(1, ${CONVERSATIONS}) n`, [userId]);

    let started = performance.now();
    await insertMessages(db, userId, MESSAGES, true);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // At boot the index was created on an empty table; rebuilding it once is faster than growing it row by row.
    await db.query(`REINDEX INDEX message_embeddings_hnsw_${DIMENSIONS}`);
    await db.query(`ANALYZE conversations; ANALYZE messages; ANALYZE message_embeddings`);
    const indexSeconds = (performance.now() - started) / 1000;

    const search = app.get(SearchService);
    const latencies: number[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES + 10; i++) {
      const q = sentence(2 + (i % 3)).slice(0, -1);
      const t0 = performance.now();
      const results = await search.search(userId, q, 20);
      if (i >= 10) latencies.push(performance.now() - t0); // the first queries warm caches and plans
      hits += results.length;
    }
    latencies.sort((a, b) => a - b);

    const toEmbed = await insertMessages(db, userId, EMBED_MESSAGES, false);
    const processor = app.get(EmbeddingProcessor);
    started = performance.now();
    // Two jobs at a time, as one worker runs them (concurrency 2), 64 messages per job and upstream call.
    const jobs: string[][] = [];
    for (let i = 0; i < toEmbed.length; i += 64) jobs.push(toEmbed.slice(i, i + 64));
    await Promise.all(
      [0, 1].map(async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await processor.process(EmbeddingJob.EmbedMessages, { messageIds: job });
      }),
    );
    const embedSeconds = (performance.now() - started) / 1000;
    const [embedded] = (await db.query(`SELECT count(*)::int AS n FROM message_embeddings WHERE message_id = ANY($1::uuid[])`, [toEmbed])) as Array<{ n: number }>;

    console.log(`seeded ${MESSAGES} messages (${DIMENSIONS}-d vectors) in ${seedSeconds.toFixed(1)} s; HNSW index built in ${indexSeconds.toFixed(1)} s`);
    console.log(
      `hybrid search (${QUERIES} queries, query embedding + full-text + vector + RRF): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ${(hits / (QUERIES + 10)).toFixed(1)} results/query`,
    );
    console.log(`embedding throughput (processor, fake-upstreams): ${embedded!.n} messages in ${embedSeconds.toFixed(2)} s = ${(embedded!.n / embedSeconds).toFixed(0)} messages/s`);
  } finally {
    await app.close();
    await fakes.close();
    if (process.env['BENCH_KEEP_DATABASE']) console.log(`kept database ${database}`);
    else await withClient(ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

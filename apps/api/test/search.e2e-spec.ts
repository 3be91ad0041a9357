import { redisTargets, testTargets, type PreparedTarget } from '@kipux/api/testing';
import { EmbeddingProducer } from '@kipux/api/search';
import type { EmbeddingStatusDto, SearchResultDto } from '@kipux/contracts';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { Worker } from 'bullmq';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ChatClient, listenApi, prepareChatTarget, type ChatApi } from './support/chat-client';

const MODEL = 'text-embedding-3-small';

/**
 * Stands between the app and fake-upstreams: forwards everything, except that it answers the next
 * `failEmbeddings` calls of /v1/embeddings with 503 (an upstream hiccup a job must survive).
 */
async function startFlakyProxy(target: string): Promise<{ url: string; failEmbeddings: number; failed: number; close(): Promise<void> }> {
  const state = { failEmbeddings: 0, failed: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/v1/embeddings') && state.failEmbeddings > 0) {
      state.failEmbeddings -= 1;
      state.failed += 1;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'overloaded, as scripted', type: 'server_error' } }));
      return;
    }
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testTargets())('search and embeddings on $name', (target) => {
  let fakes: FakeUpstreams;
  let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
  let prepared: PreparedTarget;
  let api: ChatApi;
  let alice: ChatClient;
  let bob: ChatClient;
  let dataDir: string;

  const db = () => api.app.get(DataSource);
  const embeddedChunks = async (messageId: string, model = MODEL): Promise<number> => {
    const [row] = (await db().query(`SELECT count(*)::int AS n FROM message_embeddings WHERE message_id = $1 AND model = $2`, [messageId, model])) as Array<{ n: number }>;
    return row!.n;
  };
  const pageChunks = async (documentId: string): Promise<number> => {
    const [row] = (await db().query(
      `SELECT count(*)::int AS n FROM document_embeddings e JOIN documents d ON d.id = e.document_id AND d.content_hash = e.content_hash
       WHERE e.document_id = $1 AND e.model = $2`,
      [documentId, MODEL],
    )) as Array<{ n: number }>;
    return row!.n;
  };
  const search = (client: ChatClient, q: string) => client.expect<SearchResultDto[]>(200, 'GET', `/api/search?q=${encodeURIComponent(q)}`);

  /** Sends a message to the echo model and waits until both it and the answer are embedded. */
  async function say(client: ChatClient, content: string): Promise<{ conversationId: string; userMessageId: string; assistantMessageId: string }> {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content, model: 'fake/echo' });
    await client.waitFinished(conversationId, sent.assistantMessage.id);
    await waitFor('the embeddings', async () => (await embeddedChunks(sent.userMessage.id)) > 0 && (await embeddedChunks(sent.assistantMessage.id)) > 0);
    return { conversationId, userMessageId: sent.userMessage.id, assistantMessageId: sent.assistantMessage.id };
  }

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: 'sk-test' });
    proxy = await startFlakyProxy(fakes.url);
    // On disk, so a second boot (another embedding model) finds the same PGlite database.
    dataDir = mkdtempSync(join(tmpdir(), 'kipux-search-'));
    // fetch_url may read the fake's pages on loopback (exactly that port).
    prepared = await prepareChatTarget(target, proxy.url, {
      EMBEDDING_MODEL: MODEL,
      EMBEDDING_DIMENSIONS: '256',
      DATA_DIR: dataDir,
      SSRF_ALLOW_HOSTS: `127.0.0.1:${fakes.port}`,
    });
    api = await listenApi(prepared.env);
    alice = await ChatClient.signUp(api.url); // the first account: admin
    bob = await ChatClient.signUp(api.url);
  });
  afterAll(async () => {
    await api?.close();
    await prepared?.cleanup();
    await proxy?.close();
    await fakes?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds new messages through the queue and finds them by exact Spanish and English words, highlighted', async () => {
    const spanish = await say(alice, '¿Dónde está la biblioteca municipal de Sevilla? Quiero leer novelas.');
    const english = await say(alice, 'The quarterly revenue report mentions kangaroos in Australia.');

    const bySpanish = await search(alice, 'bibliotecas Sevilla');
    expect(bySpanish.map((r) => r.messageId)).toEqual(expect.arrayContaining([spanish.userMessageId]));
    const hit = bySpanish.find((r) => r.messageId === spanish.userMessageId)!;
    expect(hit).toMatchObject({ conversationId: spanish.conversationId, role: 'user' });
    expect(hit.snippet).toContain('<mark>Sevilla</mark>');
    expect(Number.isNaN(Date.parse(hit.createdAt))).toBe(false);

    // Both rankings agree on the English message (and its echoed answer); the vector ranking alone may add
    // unrelated messages below them.
    const byEnglish = await search(alice, 'kangaroo reports');
    expect(byEnglish.slice(0, 2).map((r) => r.messageId).sort()).toEqual([english.userMessageId, english.assistantMessageId].sort());
    expect(byEnglish[0]!.snippet).toContain('<mark>kangaroos</mark>');
  });

  it('finds a message by meaning when not every word is in it (vector ranking)', async () => {
    const { userMessageId } = await say(alice, 'Sourdough bread needs a lively starter and a long slow fermentation.');
    // "pastry" and "yeast" are in no message, so full-text alone finds nothing; the shared words carry the vector.
    const results = await search(alice, 'sourdough starter fermentation pastry yeast');
    expect(results[0]?.messageId === userMessageId || results[1]?.messageId === userMessageId).toBe(true);
    // A word no message shares: nothing is near enough to count.
    expect(await search(alice, 'zzzqqq')).toEqual([]);
  });

  it("never shows another user's messages, and searches only conversations that are not deleted", async () => {
    expect(await search(bob, 'biblioteca')).toEqual([]);
    const mine = await say(bob, 'Bob keeps his biblioteca notes private.');
    expect((await search(alice, 'biblioteca')).map((r) => r.messageId)).not.toContain(mine.userMessageId);
    expect((await search(bob, 'biblioteca')).map((r) => r.messageId)).toContain(mine.userMessageId);

    await bob.expect(204, 'DELETE', `/api/conversations/${mine.conversationId}`);
    expect(await search(bob, 'biblioteca')).toEqual([]);
  });

  it('embeds the pages a chat read (fetch_url) and finds them by words and by meaning, for that user only', async () => {
    const page = `${fakes.url}/pages/self-hosting-guide`;
    const conversationId = await alice.newConversation();
    const sent = await alice.send(conversationId, { content: `Summarize ${page}`, model: 'fake/tools', tools: { webSearch: true } });
    await alice.waitFinished(conversationId, sent.assistantMessage.id);
    const [document] = (await db().query(`SELECT id FROM documents WHERE url = $1`, [page])) as Array<{ id: string }>;
    await waitFor('the page embedded', async () => (await pageChunks(document!.id)) > 0);

    // The hit lands on the step that called fetch_url, in the conversation that read the page.
    const { messages } = await alice.expect<{ messages: Array<{ id: string; toolCalls: Array<{ function: { name: string } }> | null }> }>(
      200,
      'GET',
      `/api/conversations/${conversationId}/messages`,
    );
    const caller = messages.find((m) => m.toolCalls?.some((call) => call.function.name === 'fetch_url'))!;
    const byWords = (await search(alice, 'pgvector compose')).find((r) => r.page);
    expect(byWords).toMatchObject({ messageId: caller.id, conversationId, role: 'assistant', page: { url: page, title: 'Self-hosting guide' } });
    expect(byWords!.snippet).toMatch(/<mark>pgvector<\/mark>|<mark>compose<\/mark>/);

    // "zeppelin" is on no page, so full-text finds nothing; the page's words carry the vector ranking.
    const byMeaning = await search(alice, 'compose file pgvector redis litellm zeppelin');
    expect(byMeaning.some((r) => r.page?.url === page)).toBe(true);

    // Bob never read it: pages are found only through one's own chats.
    expect((await search(bob, 'pgvector compose')).filter((r) => r.page)).toEqual([]);
  });

  it('re-embeds a page whose content changed (new hash) on a sweep the admin asks for', async () => {
    const page = `${fakes.url}/pages/self-hosting-guide`;
    const [document] = (await db().query(`SELECT id FROM documents WHERE url = $1`, [page])) as Array<{ id: string }>;
    // A newer reading of the page (other content, other hash): the old vectors no longer count.
    await db().query(`UPDATE documents SET content = content || E'\n\nAppendix: zeppelins carry the backups.', content_hash = 'changed' WHERE id = $1`, [document!.id]);
    expect(await pageChunks(document!.id)).toBe(0);
    expect((await search(alice, 'zeppelins backups')).find((r) => r.page)?.page?.url).toBe(page);

    expect((await bob.request('POST', '/api/admin/embeddings/sweep')).status).toBe(403);
    const swept = await alice.expect<{ queued: number }>(200, 'POST', '/api/admin/embeddings/sweep');
    expect(swept.queued).toBeGreaterThanOrEqual(1);
    await waitFor('the changed page re-embedded', async () => (await pageChunks(document!.id)) > 0);
    const [chunk] = (await db().query(`SELECT content FROM document_embeddings WHERE document_id = $1 ORDER BY chunk DESC LIMIT 1`, [document!.id])) as Array<{ content: string }>;
    expect(chunk!.content).toContain('zeppelins carry the backups');
  });

  it('rejects an empty or too long q with a 400 naming q', async () => {
    for (const q of ['', '%20%20', 'x'.repeat(501)]) {
      const answer = await alice.request('GET', `/api/search?q=${q}`);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.fields ?? {})).toContain('q');
    }
    expect((await alice.request('GET', '/api/search')).status).toBe(400);
  });

  it('retries a job whose embedding call failed, with backoff, until it succeeds', async () => {
    proxy.failEmbeddings = 2;
    const failedBefore = proxy.failed;
    const { userMessageId } = await say(alice, 'Retries with exponential backoff survive flaky upstreams.');
    expect(proxy.failed - failedBefore).toBe(2);
    expect(await embeddedChunks(userMessageId)).toBe(1);
    const status = await alice.expect<EmbeddingStatusDto>(200, 'GET', '/api/admin/embeddings/status');
    expect(status.failedJobs).toEqual([]);
  });

  it('recovers, by the sweep, messages whose jobs were lost (Redis flushed)', async () => {
    // A message stored while its job vanished: no hook fired, and the queue's keys are gone.
    const [conversation] = (await db().query(`INSERT INTO conversations (user_id, title) VALUES ($1, 'Lost') RETURNING id`, [alice.userId])) as Array<{ id: string }>;
    const [message] = (await db().query(
      `INSERT INTO messages (conversation_id, role, content, status) VALUES ($1, 'user', 'Lost job about glaciers in Patagonia', 'complete') RETURNING id`,
      [conversation!.id],
    )) as Array<{ id: string }>;
    if (prepared.env['REDIS_URL']) {
      const redis = new Redis(prepared.env['REDIS_URL']);
      const keys = await redis.keys(`${prepared.env['REDIS_PREFIX']}:embeddings:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    expect(await api.app.get(EmbeddingProducer).sweep()).toBeGreaterThanOrEqual(1);
    await waitFor('the swept message embedded', async () => (await embeddedChunks(message!.id)) > 0);
    expect((await search(alice, 'glaciers')).map((r) => r.messageId)).toContain(message!.id);
  });

  it('shows admins the embedding status and hides it from others', async () => {
    const status = await alice.expect<EmbeddingStatusDto>(200, 'GET', '/api/admin/embeddings/status');
    expect(status).toMatchObject({ model: MODEL, dimensions: 256, pending: 0, progress: 1 });
    expect(status.total).toBeGreaterThan(0);
    expect(status.embedded).toBe(status.total);
    expect(status.pages).toEqual({ total: 1, embedded: 1, pending: 0 });
    expect(status.messages.total + status.pages.total).toBe(status.total);
    expect((await bob.request('GET', '/api/admin/embeddings/status')).status).toBe(403);
  });

  it('recalls relevant messages from other chats into the context when memory is on, and says so', async () => {
    const ask = async () => {
      const conversationId = await alice.newConversation();
      fakes.requests.length = 0;
      const sent = await alice.send(conversationId, { content: 'What did I note about glaciers in Patagonia?', model: 'fake/echo' });
      const { events } = await alice.events(sent.assistantMessage.id);
      const notices = events.map((e) => e.event).filter((e) => e.type === 'notice');
      // The answer's request (streamed), not the title's.
      const chat = fakes.requests.find((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream === true);
      return { notices, prompt: JSON.stringify(chat?.body ?? null) };
    };
    const off = await ask();
    expect(off.notices).toEqual([]);
    expect(off.prompt).not.toContain('Lost job about glaciers');

    await alice.expect(200, 'PATCH', '/api/me/settings', { memory: true });
    const on = await ask();
    expect(on.notices).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Recalled \d+ messages? from past chats$/) })]);
    expect(on.prompt).toContain('Lost job about glaciers in Patagonia');
    await alice.expect(200, 'PATCH', '/api/me/settings', { memory: false });
  });

  it('re-embeds everything after EMBEDDING_MODEL changes (boot sweep), with progress for the admin', async () => {
    await api.close();
    api = await listenApi({ ...prepared.env, EMBEDDING_MODEL: 'other-embedding', EMBEDDING_DIMENSIONS: '128' });
    alice.baseUrl = api.url;
    const status = await waitFor('the re-embed', async () => {
      const current = await alice.expect<EmbeddingStatusDto>(200, 'GET', '/api/admin/embeddings/status');
      return current.progress === 1 && current;
    });
    expect(status).toMatchObject({ model: 'other-embedding', dimensions: 128, pending: 0 });
    // Only the deleted conversation's messages (no longer searched) keep the old model's vectors.
    const [old] = (await db().query(
      `SELECT count(*)::int AS n FROM message_embeddings e JOIN messages m ON m.id = e.message_id JOIN conversations c ON c.id = m.conversation_id
       WHERE e.model = $1 AND c.deleted_at IS NULL`,
      [MODEL],
    )) as Array<{ n: number }>;
    expect(old!.n).toBe(0);
    expect((await search(alice, 'sourdough starter fermentation pastry yeast')).length).toBeGreaterThan(0);
  });
});

describe.each(redisTargets())('a killed embedding worker on $name', (target) => {
  let fakes: FakeUpstreams;
  let prepared: PreparedTarget;
  const apis: ChatApi[] = [];

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: 'sk-test' });
    prepared = await prepareChatTarget(target, fakes.url, { EMBEDDING_MODEL: MODEL, EMBEDDING_DIMENSIONS: '256' });
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    await prepared?.cleanup();
    await fakes?.close();
  });

  it("has its job taken back by another worker once the job's lock expires", async () => {
    // An API-only instance: it enqueues but runs no worker.
    const front = await listenApi({ ...prepared.env, PROCESS_ROLE: 'api' });
    apis.push(front);
    const client = await ChatClient.signUp(front.url);
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'Killed workers drop nothing: stalled jobs come back.', model: 'fake/echo' });
    await client.waitFinished(conversationId, sent.assistantMessage.id);

    // A worker takes the job and dies before finishing it (its lock is never renewed or released). Its stalled
    // check interval matches the app's: BullMQ lets one check per interval run across all workers.
    let taken!: () => void;
    const tookJob = new Promise<void>((resolve) => (taken = resolve));
    const doomed = new Worker(
      'embeddings',
      () => {
        taken();
        return new Promise(() => undefined);
      },
      { connection: new Redis(prepared.env['REDIS_URL']!, { maxRetriesPerRequest: null }), prefix: prepared.env['REDIS_PREFIX'], lockDuration: 1000, stalledInterval: 5000 },
    );
    await tookJob;
    await doomed.close(true);
    (doomed as unknown as { opts: { connection: Redis } }).opts.connection.disconnect();

    const count = async (id: string) =>
      ((await front.app.get(DataSource).query(`SELECT count(*)::int AS n FROM message_embeddings WHERE message_id = $1`, [id])) as Array<{ n: number }>)[0]!.n;
    expect(await count(sent.userMessage.id)).toBe(0);

    // A worker instance starts; its boot sweep sees the job still active and leaves it to the stalled-job check.
    apis.push(await listenApi({ ...prepared.env, PROCESS_ROLE: 'worker' }));
    await waitFor('the stalled job embedded by the live worker', async () => (await count(sent.userMessage.id)) > 0 && (await count(sent.assistantMessage.id)) > 0, 30_000);
  });
});

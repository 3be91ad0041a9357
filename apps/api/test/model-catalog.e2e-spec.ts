import { testTargets, type TestTarget } from '@kipux/api/testing';
import type { AdminModelDto, ModelDto, ModelSyncResultDto } from '@kipux/contracts';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUp, startApi, type RunningApi } from './support/start-api';

const PROXY_KEY = 'sk-litellm-master-e2e-5f1c';
/** The recorded fixture holds no secrets (only credential names), so these are planted where real proxies put them. */
const PLANTED = {
  apiKey: 'sk-proj-planted-api-key-91ab',
  awsSecret: 'aws-planted-secret-77cd',
  vertex: 'vertex-planted-private-key-3e2f',
  headerToken: 'Bearer planted-header-token-0a9b',
  baseUrlKey: 'planted-query-key-6d4e',
};
const SECRETS = [PROXY_KEY, ...Object.values(PLANTED)];

const fixture = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/litellm/model_info.json'), 'utf8')) as { data: Array<Record<string, any>> };

function withPlantedSecrets(): { data: Array<Record<string, any>> } {
  const body = structuredClone(fixture);
  for (const deployment of body.data) {
    deployment['litellm_params'] = {
      ...deployment['litellm_params'],
      api_key: PLANTED.apiKey,
      aws_secret_access_key: PLANTED.awsSecret,
      vertex_credentials: JSON.stringify({ private_key: PLANTED.vertex }),
      extra_headers: { Authorization: PLANTED.headerToken },
    };
  }
  const coder = body.data.find((d) => d['model_name'] === 'coder-large') as Record<string, any>;
  coder['litellm_params']['api_base'] = `https://api.llmapi.com/?key=${PLANTED.baseUrlKey}`;
  return body;
}

/** Everything the app writes to stdout/stderr while the tests run (Nest's logger writes there), kept off the console. */
function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const originals = [process.stdout.write, process.stderr.write];
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    restore: () => {
      [process.stdout.write, process.stderr.write] = originals as [typeof process.stdout.write, typeof process.stderr.write];
    },
  };
}

describe.each(testTargets())('model catalog API on $name', (target) => {
  let fakes: FakeUpstreams;
  let api: RunningApi;
  let admin: Awaited<ReturnType<typeof signUp>>;
  let user: Awaited<ReturnType<typeof signUp>>;
  let output: ReturnType<typeof captureOutput>;
  const answers: string[] = [];

  async function adminGet<T>(path: string): Promise<T> {
    const response = await admin.agent.get(path).expect(200);
    answers.push(response.text);
    return response.body as T;
  }

  async function sync(): Promise<ModelSyncResultDto> {
    const response = await admin.agent.post('/api/admin/models/sync').set(admin.withCsrf).expect(200);
    answers.push(response.text);
    return response.body;
  }

  async function userModels(): Promise<ModelDto[]> {
    const response = await user.agent.get('/api/models').expect(200);
    answers.push(response.text);
    return response.body;
  }

  async function adminModel(name: string): Promise<AdminModelDto> {
    const models = await adminGet<AdminModelDto[]>(`/api/admin/models?q=${encodeURIComponent(name)}`);
    const model = models.find((m) => m.name === name);
    if (!model) throw new Error(`${name} not in the admin catalog`);
    return model;
  }

  beforeAll(async () => {
    output = captureOutput();
    fakes = await startFakeUpstreams({ apiKey: PROXY_KEY, modelInfo: withPlantedSecrets() });
    api = await startApi(target, { LITELLM_BASE_URL: `${fakes.url}/v1`, LITELLM_API_KEY: PROXY_KEY, LOG_LEVEL: 'verbose' });
    admin = await signUp(api, { name: 'Catalog Admin' });
    user = await signUp(api, { name: 'Catalog User' });
  });

  afterAll(async () => {
    await api.close();
    await fakes.close();
    output.restore();
  });

  it('syncs the 11 deployments of /model/info with the proxy key, at the proxy root', async () => {
    const result = await sync();
    expect(result).toMatchObject({ source: 'litellm', ok: true, total: 11, error: null, markedUnavailable: 0 });
    const infoRequests = fakes.requests.filter((r) => r.path === '/model/info');
    expect(infoRequests.length).toBeGreaterThan(0);
    expect(infoRequests.every((r) => r.headers['authorization'] === `Bearer ${PROXY_KEY}`)).toBe(true);

    const models = await adminGet<AdminModelDto[]>('/api/admin/models');
    expect(models.map((m) => m.name).sort()).toEqual(fixture.data.map((d) => d['model_name']).sort());
    expect(models.filter((m) => m.mode === 'image_generation').map((m) => m.name)).toEqual(['gpt-image-1']);
    expect(models.filter((m) => m.mode === 'chat')).toHaveLength(10);
    expect(models.every((m) => m.available && m.source === 'litellm' && m.lastSyncedAt)).toBe(true);
  });

  it('stores prices (shown per 1M tokens), limits and capabilities', async () => {
    const pro = await adminModel('gemini/gemini-2.5-pro');
    const perMillion = (price: number | null) => (price === null ? null : Math.round(price * 1e6 * 1e6) / 1e6);
    expect(perMillion(pro.prices.inputPerToken)).toBe(1.25);
    expect(perMillion(pro.prices.outputPerToken)).toBe(10);
    expect(perMillion(pro.prices.inputPerTokenAbove200k)).toBe(2.5);
    expect(perMillion(pro.prices.outputPerTokenAbove200k)).toBe(15);
    expect(pro).toMatchObject({
      provider: 'gemini',
      maxInputTokens: 1048576,
      maxOutputTokens: 65535,
      credentialName: 'google',
      enabled: true,
      capabilities: { vision: true, functionCalling: true, reasoning: true, webSearch: true, pdfInput: true, audioInput: true },
    });
    const mini = await adminModel('gpt-4o-mini');
    expect(perMillion(mini.prices.inputPerToken)).toBe(0.15);
    expect(perMillion(mini.prices.cacheReadPerToken)).toBe(0.075);
    expect(mini.capabilities).toMatchObject({ vision: true, reasoning: false, promptCaching: true });
    const image = await adminModel('gpt-image-1');
    expect(image).toMatchObject({ mode: 'image_generation', enabled: false });

    const bare = await adminModel('deepseek-v3');
    expect(bare).toMatchObject({ enrichedFromBundle: true, maxInputTokens: 65536, litellmModelId: 'd740b0dd-13de-40a9-98ee-483b4444895d' });
    expect(perMillion(bare.prices.inputPerToken)).toBe(0.27);
    expect((await adminModel('coder-large')).enrichedFromBundle).toBe(false);
  });

  it('gives users the enabled chat models, default first, never images or embeddings', async () => {
    const models = await userModels();
    expect(models).toHaveLength(10);
    expect(models.some((m) => m.name === 'gpt-image-1')).toBe(false);
    expect(models[0]?.isDefault).toBe(true);
    expect(models.filter((m) => m.isDefault)).toHaveLength(1);
    expect(models[0]).not.toHaveProperty('prices');
    expect(models[0]).not.toHaveProperty('raw');
  });

  it('filters by capability, provider, mode and text, and sorts by price and context', async () => {
    const vision = await adminGet<AdminModelDto[]>('/api/admin/models?capability=vision');
    expect(vision.map((m) => m.name).sort()).toEqual(['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'gpt-4o', 'gpt-4o-mini']);
    expect((await adminGet<AdminModelDto[]>('/api/admin/models?provider=groq')).map((m) => m.name).sort()).toEqual([
      'groq/deepseek-r1-distill-llama-70b',
      'groq/mistral-saba-24b',
    ]);
    expect((await adminGet<AdminModelDto[]>('/api/admin/models?mode=image_generation')).map((m) => m.name)).toEqual(['gpt-image-1']);
    expect((await adminGet<AdminModelDto[]>('/api/admin/models?q=FLASH')).map((m) => m.name)).toEqual(['gemini/gemini-2.5-flash']);

    const byPriceIn = await adminGet<AdminModelDto[]>('/api/admin/models?sort=priceIn&order=desc&capability=vision');
    expect(byPriceIn.map((m) => m.name)).toEqual(['gpt-4o', 'gemini/gemini-2.5-pro', 'gemini/gemini-2.5-flash', 'gpt-4o-mini']);
    const byOutput = await adminGet<AdminModelDto[]>('/api/admin/models?sort=priceOut&mode=chat');
    expect(byOutput[0]?.prices.outputPerToken).toBe(0);
    expect(byOutput.at(-1)?.prices.outputPerToken).toBeNull();
    const byContext = await adminGet<AdminModelDto[]>('/api/admin/models?sort=context&order=desc');
    expect(byContext.slice(0, 2).map((m) => m.maxInputTokens)).toEqual([1048576, 1048576]);
  });

  it('answers 400 naming the field for bad filters and bad updates, 404 for unknown ids', async () => {
    const bad = await admin.agent.get('/api/admin/models?capability=telepathy').expect(400);
    expect(bad.body.fields).toHaveProperty('capability');
    expect((await admin.agent.get('/api/admin/models?sort=vibes').expect(400)).body.fields).toHaveProperty('sort');
    expect((await admin.agent.get('/api/admin/models?enabled=maybe').expect(400)).body.fields).toHaveProperty('enabled');
    const model = await adminModel('gpt-4o');
    const badPatch = await admin.agent.patch(`/api/admin/models/${model.id}`).set(admin.withCsrf).send({ enabled: 'yes', price: 0 }).expect(400);
    expect(Object.keys(badPatch.body.fields)).toEqual(expect.arrayContaining(['enabled', 'price']));
    await admin.agent.get('/api/admin/models/00000000-0000-4000-8000-000000000000').expect(404);
    await admin.agent.get('/api/admin/models/not-a-uuid').expect(404);
    const image = await adminModel('gpt-image-1');
    const imageDefault = await admin.agent.patch(`/api/admin/models/${image.id}`).set(admin.withCsrf).send({ isDefault: true }).expect(400);
    expect(imageDefault.body.fields).toHaveProperty('isDefault');
  });

  it('keeps the admin endpoints to admins', async () => {
    const model = await adminModel('gpt-4o');
    await user.agent.get('/api/admin/models').expect(403);
    await user.agent.get(`/api/admin/models/${model.id}`).expect(403);
    await user.agent.get('/api/admin/models/sync-status').expect(403);
    await user.agent.post('/api/admin/models/sync').set(user.withCsrf).expect(403);
    await user.agent.patch(`/api/admin/models/${model.id}`).set(user.withCsrf).send({ enabled: false }).expect(403);
    await api.http.get('/api/models').expect(401);
  });

  it('lets an admin disable a model, rename it and choose the single default', async () => {
    const gpt4o = await adminModel('gpt-4o');
    const disabled = await admin.agent.patch(`/api/admin/models/${gpt4o.id}`).set(admin.withCsrf).send({ enabled: false }).expect(200);
    expect(disabled.body.enabled).toBe(false);
    expect((await userModels()).some((m) => m.name === 'gpt-4o')).toBe(false);

    const flash = await adminModel('gemini/gemini-2.5-flash');
    const renamed = await admin.agent
      .patch(`/api/admin/models/${flash.id}`)
      .set(admin.withCsrf)
      .send({ isDefault: true, displayName: ' Gemini Flash ', description: 'Fast and cheap' })
      .expect(200);
    expect(renamed.body).toMatchObject({ isDefault: true, displayName: 'Gemini Flash', description: 'Fast and cheap' });
    const pro = await adminModel('gemini/gemini-2.5-pro');
    await admin.agent.patch(`/api/admin/models/${pro.id}`).set(admin.withCsrf).send({ isDefault: true }).expect(200);
    expect((await adminGet<AdminModelDto[]>('/api/admin/models')).filter((m) => m.isDefault).map((m) => m.name)).toEqual(['gemini/gemini-2.5-pro']);
    expect((await userModels())[0]).toMatchObject({ name: 'gemini/gemini-2.5-pro', isDefault: true });

    // A sync keeps the admin's choices.
    await sync();
    expect(await adminModel('gpt-4o')).toMatchObject({ enabled: false });
    expect(await adminModel('gemini/gemini-2.5-flash')).toMatchObject({ displayName: 'Gemini Flash', description: 'Fast and cheap' });
    await admin.agent.patch(`/api/admin/models/${flash.id}`).set(admin.withCsrf).send({ displayName: null }).expect(200);
    expect((await adminModel('gemini/gemini-2.5-flash')).displayName).toBe('gemini/gemini-2.5-flash');
  });

  it('marks a model that vanished from LiteLLM unavailable, and available again when it returns', async () => {
    const planted = withPlantedSecrets();
    fakes.setModelInfo({ data: planted.data.filter((d) => d['model_name'] !== 'gpt-4o-mini') });
    const result = await sync();
    expect(result).toMatchObject({ ok: true, total: 10, added: 0, updated: 10, markedUnavailable: 1 });
    const mini = await adminModel('gpt-4o-mini');
    expect(mini).toMatchObject({ available: false, enabled: true });
    expect((await adminGet<AdminModelDto[]>('/api/admin/models'))).toHaveLength(11);
    expect((await userModels()).some((m) => m.name === 'gpt-4o-mini')).toBe(false);

    fakes.setModelInfo(planted);
    expect(await sync()).toMatchObject({ ok: true, total: 11, markedUnavailable: 0 });
    expect((await adminModel('gpt-4o-mini')).available).toBe(true);
  });

  it('reports the last sync in sync-status', async () => {
    const status = await adminGet<{ running: boolean; lastResult: ModelSyncResultDto; lastSuccessAt: string; intervalMinutes: number }>(
      '/api/admin/models/sync-status',
    );
    expect(status).toMatchObject({ running: false, intervalMinutes: 0, lastResult: { ok: true, total: 11, source: 'litellm' } });
    expect(Date.parse(status.lastSuccessAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps the catalog and explains why when LiteLLM is down', async () => {
    const before = await adminGet<AdminModelDto[]>('/api/admin/models');
    await fakes.close();
    const result = await sync();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Could not reach LiteLLM at http:\/\/127\.0\.0\.1:\d+\/model\/info: ECONNREFUSED\.$/);
    const after = await adminGet<AdminModelDto[]>('/api/admin/models');
    expect(after.map((m) => [m.name, m.available, m.enabled])).toEqual(before.map((m) => [m.name, m.available, m.enabled]));
    expect((await userModels()).length).toBeGreaterThan(0);
    const status = await adminGet<{ lastResult: ModelSyncResultDto; lastSuccessAt: string }>('/api/admin/models/sync-status');
    expect(status.lastResult).toMatchObject({ ok: false, error: result.error });
    expect(status.lastSuccessAt).not.toBeNull();
    fakes = await startFakeUpstreams({ apiKey: PROXY_KEY });
  });

  it('never shows a secret in any answer or log line', async () => {
    for (const model of await adminGet<AdminModelDto[]>('/api/admin/models')) await adminGet(`/api/admin/models/${model.id}`);
    const logs = output.text();
    expect(logs).toMatch(/Model catalog synced from litellm/);
    expect(answers.length).toBeGreaterThan(20);
    for (const secret of SECRETS) {
      expect(answers.filter((answer) => answer.includes(secret))).toEqual([]);
      expect(logs).not.toContain(secret);
    }
    expect((await adminModel('coder-large')).apiBase).toBe('https://api.llmapi.com/');
  });
});

describe('model catalog without LiteLLM', () => {
  const embedded = testTargets()[0] as TestTarget;

  it('loads the bundled catalog, or MODEL_CATALOG_FILE, and names a broken file', async () => {
    const bundled = await startApi(embedded);
    try {
      const admin = await signUp(bundled);
      const result = await admin.agent.post('/api/admin/models/sync').set(admin.withCsrf).expect(200);
      expect(result.body).toMatchObject({ source: 'bundled', ok: true, total: 11 });
      expect((await admin.agent.get('/api/models').expect(200)).body).toHaveLength(10);
    } finally {
      await bundled.close();
    }

    const file = join(mkdtempSync(join(tmpdir(), 'kipux-catalog-')), 'catalog.json');
    writeFileSync(file, JSON.stringify({ data: fixture.data.slice(0, 3) }));
    const fromFile = await startApi(embedded, { MODEL_CATALOG_FILE: file });
    try {
      const admin = await signUp(fromFile);
      const first = await admin.agent.post('/api/admin/models/sync').set(admin.withCsrf).expect(200);
      expect(first.body).toMatchObject({ source: 'file', ok: true, total: 3 });
      writeFileSync(file, '{"data": [ oops');
      const broken = await admin.agent.post('/api/admin/models/sync').set(admin.withCsrf).expect(200);
      expect(broken.body).toMatchObject({ source: 'file', ok: false });
      expect(broken.body.error).toContain(`MODEL_CATALOG_FILE ${file} is not a valid catalog`);
      expect((await admin.agent.get('/api/admin/models').expect(200)).body).toHaveLength(3);
    } finally {
      await fromFile.close();
    }
  });
});

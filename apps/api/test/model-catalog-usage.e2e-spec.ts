import { testTargets } from '@kipux/api/testing';
import type { UsageReportDto } from '@kipux/contracts';
import { DataSource } from 'typeorm';
import { signUp, startApi, type RunningApi } from './support/start-api';

/** Usage is summed from the chat's messages and the /v1 API's calls; these tests write them directly, as those modules would. */
describe.each(testTargets())('usage API on $name', (target) => {
  let api: RunningApi;
  let admin: Awaited<ReturnType<typeof signUp>>;
  let alice: Awaited<ReturnType<typeof signUp>>;
  let bob: Awaited<ReturnType<typeof signUp>>;

  async function conversation(userId: string): Promise<string> {
    const [row] = await api.app.get(DataSource).query(`INSERT INTO conversations (user_id, title) VALUES ($1, 'usage test') RETURNING id`, [userId]);
    return row.id;
  }

  async function message(conversationId: string, at: string, model: string, usage: object | null, cost: number | null, role = 'assistant'): Promise<void> {
    await api.app
      .get(DataSource)
      .query(`INSERT INTO messages (conversation_id, role, status, model, usage, cost_usd, created_at) VALUES ($1, $2, 'complete', $3, $4, $5, $6)`, [
        conversationId,
        role,
        model,
        usage === null ? null : JSON.stringify(usage),
        cost,
        at,
      ]);
  }

  async function apiCall(userId: string, at: string, model: string, tokens: [number, number], cost: number | null): Promise<void> {
    const db = api.app.get(DataSource);
    const [key] = await db.query(`INSERT INTO api_keys (user_id, name, prefix, hash) VALUES ($1, 'usage test', 'kx_test', md5(random()::text)) RETURNING id`, [userId]);
    await db.query(
      `INSERT INTO api_usage (api_key_id, user_id, endpoint, model, status, prompt_tokens, completion_tokens, total_tokens, cost_usd, created_at)
       VALUES ($1, $2, 'chat.completions', $3, 'ok', $4, $5, $6, $7, $8)`,
      [key.id, userId, model, tokens[0], tokens[1], tokens[0] + tokens[1], cost, at],
    );
  }

  beforeAll(async () => {
    api = await startApi(target);
    admin = await signUp(api, { name: 'Usage Admin' });
    alice = await signUp(api, { name: 'Alice' });
    bob = await signUp(api, { name: 'Bob' });
    const a = await conversation(alice.user.id);
    const b = await conversation(bob.user.id);
    await message(a, '2026-11-02T10:00:00Z', 'gpt-4o', { promptTokens: 1000, completionTokens: 200, totalTokens: 1200, cachedTokens: 400 }, 0.004);
    await message(a, '2026-11-02T23:59:59Z', 'gpt-4o', { promptTokens: 500, completionTokens: 100, totalTokens: 600 }, 0.00225);
    await message(a, '2026-11-03T08:00:00Z', 'gemini/gemini-2.5-flash', { promptTokens: 300, completionTokens: 700, totalTokens: 1000, reasoningTokens: 600 }, 0.00184);
    await message(a, '2026-11-03T09:00:00Z', 'deepseek-v3', { promptTokens: 10, completionTokens: 10, totalTokens: 20 }, null);
    // Not counted: user messages, answers without usage, other days.
    await message(a, '2026-11-03T09:00:00Z', 'gpt-4o', null, null, 'user');
    await message(a, '2026-11-03T09:01:00Z', 'gpt-4o', null, null);
    await message(a, '2026-10-20T09:00:00Z', 'gpt-4o', { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, 1);
    await message(b, '2026-11-02T12:00:00Z', 'gpt-4o', { promptTokens: 2000, completionTokens: 0, totalTokens: 2000 }, 0.005);
    await apiCall(alice.user.id, '2026-11-03T10:00:00Z', 'gpt-4o-mini', [100, 50], 0.000045);
    await apiCall(bob.user.id, '2026-11-20T10:00:00Z', 'gpt-4o-mini', [100, 50], 0.000045);
  });
  afterAll(() => api.close());

  it('sums a user’s own tokens and cost per UTC day, model and source (chat or API)', async () => {
    const report = (await alice.agent.get('/api/usage?from=2026-11-01&to=2026-11-03').expect(200)).body as UsageReportDto;
    expect(report.from).toBe('2026-11-01');
    expect(report.to).toBe('2026-11-03');
    expect(report.rows).toEqual([
      { day: '2026-11-02', model: 'gpt-4o', source: 'chat', messages: 2, promptTokens: 1500, completionTokens: 300, reasoningTokens: 0, cachedTokens: 400, totalTokens: 1800, costUsd: 0.00625 },
      { day: '2026-11-03', model: 'deepseek-v3', source: 'chat', messages: 1, promptTokens: 10, completionTokens: 10, reasoningTokens: 0, cachedTokens: 0, totalTokens: 20, costUsd: 0 },
      {
        day: '2026-11-03',
        model: 'gemini/gemini-2.5-flash',
        source: 'chat',
        messages: 1,
        promptTokens: 300,
        completionTokens: 700,
        reasoningTokens: 600,
        cachedTokens: 0,
        totalTokens: 1000,
        costUsd: 0.00184,
      },
      { day: '2026-11-03', model: 'gpt-4o-mini', source: 'api', messages: 1, promptTokens: 100, completionTokens: 50, reasoningTokens: 0, cachedTokens: 0, totalTokens: 150, costUsd: 0.000045 },
    ]);
    expect(report.totals).toMatchObject({ messages: 5, promptTokens: 1910, totalTokens: 2970, costUsd: 0.008135 });
    const bobs = (await bob.agent.get('/api/usage?from=2026-11-01&to=2026-11-03').expect(200)).body as UsageReportDto;
    expect(bobs.totals).toMatchObject({ messages: 1, costUsd: 0.005 });
  });

  it('gives admins everyone’s usage per user, and nobody else', async () => {
    const report = (await admin.agent.get('/api/admin/usage?from=2026-11-02&to=2026-11-02').expect(200)).body as UsageReportDto;
    expect(report.rows.map((r) => [r.userEmail, r.model, r.messages, r.costUsd])).toEqual(
      [
        [alice.user.email, 'gpt-4o', 2, 0.00625],
        [bob.user.email, 'gpt-4o', 1, 0.005],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(report.rows.every((r) => r.userId)).toBe(true);
    expect(report.totals.costUsd).toBeCloseTo(0.01125, 10);
    await alice.agent.get('/api/admin/usage').expect(403);
  });

  it('defaults to the last 30 days and rejects bad ranges naming the field', async () => {
    const report = (await alice.agent.get('/api/usage').expect(200)).body as UsageReportDto;
    expect((Date.parse(report.to) - Date.parse(report.from)) / 86_400_000).toBe(29);
    expect((await alice.agent.get('/api/usage?from=2026-11-05&to=2026-11-01').expect(400)).body.fields).toHaveProperty('from');
    expect((await alice.agent.get('/api/usage?from=2026-13-45').expect(400)).body.fields).toHaveProperty('from');
    expect((await alice.agent.get('/api/usage?to=yesterday').expect(400)).body.fields).toHaveProperty('to');
    expect((await alice.agent.get('/api/usage?from=2024-01-01&to=2026-01-01').expect(400)).body.fields).toHaveProperty('from');
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { chooseModel } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import type { Account } from './support/flows';

/**
 * A 2,000-message conversation in the browser: loads, scrolls to its first message and streams a new answer at
 * the end, printing how long each took and how smooth the frames were. Figures are printed, not asserted (they
 * depend on the machine); correctness is asserted. The conversation is written straight into PostgreSQL, so this
 * file runs the app on PostgreSQL (TEST_DATABASE_URL, default the local server).
 */
jest.setTimeout(180_000);

const MESSAGES = 2000;
/** Messages the list renders at the end of a conversation (MessageList's WINDOW). */
const WINDOW = 40;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const user: Account = { name: 'Long Talker', email: 'long@example.com', password: 'long-conversation-1' };

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
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

/** An answer with the usual shapes: paragraphs, a list, sometimes a code block. */
function answerText(index: number): string {
  const code = index % 10 === 0 ? `\n\n\`\`\`ts\nexport function step${index}(input: number): number {\n  return input * ${index} + 1;\n}\n\`\`\`` : '';
  return `Answer **${index}**: here is a short explanation with \`inline code\` and a [link](https://example.com/${index}).\n\n- first point of ${index}\n- second point\n${code}`;
}

/** Writes a conversation of `MESSAGES` alternating messages as one branch; returns its id. */
async function seedConversation(url: string, email: string): Promise<{ id: string; firstText: string }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    const userId = rows[0]!.id;
    const conversationId = randomUUID();
    await client.query(`INSERT INTO conversations (id, user_id, title, model) VALUES ($1, $2, 'A very long conversation', 'fake/echo')`, [conversationId, userId]);
    const start = Date.now() - MESSAGES * 1000;
    let parentId: string | null = null;
    const texts: string[] = [];
    for (let batch = 0; batch < MESSAGES; batch += 200) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = batch; i < Math.min(MESSAGES, batch + 200); i += 1) {
        const id = randomUUID();
        const isUser = i % 2 === 0;
        const content = isUser ? `Question number ${i}: tell me more about topic ${i}.` : answerText(i);
        texts.push(content);
        const base = values.length;
        values.push(id, conversationId, parentId, isUser ? null : id, isUser ? 'user' : 'assistant', content, isUser ? null : 'fake/echo', new Date(start + i * 1000).toISOString());
        values.push(isUser ? null : JSON.stringify({ promptTokens: 100 + i, completionTokens: 40, totalTokens: 140 + i }));
        tuples.push(
          `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, 'complete', $${base + 7}, $${base + 8}, $${base + 8}, $${base + 9}::jsonb, ${isUser ? 'NULL' : "'stop'"}, ${isUser ? 'NULL' : 420}, ${isUser ? 'NULL' : 90})`,
        );
        parentId = id;
      }
      await client.query(
        `INSERT INTO messages (id, conversation_id, parent_id, turn_id, role, content, status, model, created_at, updated_at, usage, finish_reason, latency_ms, ttft_ms) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    await client.query('UPDATE conversations SET current_leaf_id = $1 WHERE id = $2', [parentId, conversationId]);
    return { id: conversationId, firstText: texts[0]! };
  });
}

/** Frame timing while `work` runs: count, average and worst frame, long frames (> 50 ms). */
async function measureFrames(page: Page, work: () => Promise<void>): Promise<{ frames: number; avgMs: number; worstMs: number; longFrames: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framesOn: boolean };
    w.__frames = [];
    w.__framesOn = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await work();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framesOn: boolean };
    w.__framesOn = false;
    return w.__frames.slice(1);
  });
  const total = frames.reduce((sum, f) => sum + f, 0);
  return {
    frames: frames.length,
    avgMs: Math.round((total / Math.max(1, frames.length)) * 10) / 10,
    worstMs: Math.round(Math.max(0, ...frames)),
    longFrames: frames.filter((f) => f > 50).length,
  };
}

describe('a 2,000-message conversation in Chromium', () => {
  const database = `kipux_browser_long_${randomBytes(5).toString('hex')}`;
  let session: ChatSession;
  let page: Page;
  let pageErrors: string[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    await withClient(ADMIN_URL, (client) => client.query(`CREATE DATABASE ${database}`));
    session = await startChatSession(user, () => ({ DATABASE_URL: databaseUrl(database) }));
    ({ page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => {
    console.log(`2,000-message conversation (${MESSAGES} messages):\n${JSON.stringify(figures, null, 2)}`);
    await session?.close();
    await withClient(ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('opens at the newest message, reaches the first by scrolling, and streams a new answer smoothly', async () => {
    const seeded = await seedConversation(databaseUrl(database), user.email);
    const lastMessage = page.locator('[data-testid="message"]').last();

    const openStart = Date.now();
    await page.goto(`/c/${seeded.id}`);
    await lastMessage.locator('[data-testid="message-content"]').filter({ hasText: 'second point' }).waitFor();
    figures.openMs = Date.now() - openStart;
    expect(await page.locator('[data-testid="message"]').count()).toBe(WINDOW);
    expect(await lastMessage.innerText()).toContain(`Answer ${MESSAGES - 1}:`);
    await screenshot(page, 'chat-long-en-light');

    const thread = page.locator('[data-testid="thread"]');
    const scrollStart = Date.now();
    figures.scrollToFirst = await measureFrames(page, () =>
      // Scroll up like a reader flicking the wheel (one step per frame) until the first question is on screen.
      thread.evaluate(async (el, firstText) => {
        const firstShown = () => el.querySelector('[data-testid="message"]')?.textContent?.includes(firstText) && el.scrollTop === 0;
        while (!firstShown()) {
          el.scrollBy(0, -600);
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      }, seeded.firstText),
    );
    figures.scrollToFirstMs = Date.now() - scrollStart;
    expect(await page.locator('[data-testid="message"]').count()).toBe(MESSAGES);
    await page.locator('[data-testid="jump-latest"]').waitFor();

    figures.scrollDownAllRendered = await measureFrames(page, () =>
      thread.evaluate(async (el) => {
        for (let step = 0; step < 200; step += 1) {
          el.scrollBy(0, 1200);
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      }),
    );

    await page.locator('[data-testid="jump-latest"]').click();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="message"]').length === count, WINDOW);
    await lastMessage.locator('[data-testid="message-content"]').filter({ hasText: 'second point' }).waitFor();
    await chooseModel(page, 'fake/slow?tps=25&words=80');
    await page.locator('[data-testid="composer-input"]').fill('One more question after all that');
    const streamStart = Date.now();
    figures.streaming = await measureFrames(page, async () => {
      await page.locator('[data-testid="composer-input"]').press('Enter');
      await page.locator('[data-testid="message"][data-role="user"]').filter({ hasText: 'One more question after all that' }).waitFor();
      await page.waitForFunction(
        (count) => {
          const messages = document.querySelectorAll('[data-testid="message"]');
          return messages.length === count && messages[count - 1]?.getAttribute('data-status') === 'complete';
        },
        WINDOW,
        { timeout: 30_000 },
      );
    });
    figures.streamMs = Date.now() - streamStart;
    expect(await page.locator('[data-testid="message"]').nth(WINDOW - 2).innerText()).toContain('One more question after all that');
    expect(await lastMessage.locator('[data-testid="message-content"]').innerText()).toBe(Array.from({ length: 80 }, (_, i) => i + 1).join(' '));
    // Auto-scroll kept the end of the answer in view.
    expect(await thread.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(80);
    figures.heapMb = await page.evaluate(() => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6));
    expect(pageErrors).toEqual([]);
  });
});

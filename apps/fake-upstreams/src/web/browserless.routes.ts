import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.util';
import type { FakeRoute, RouteContext } from '../route';
import { FAKE_PAGES, findPage, genericPage, pageHtml } from './fake-pages';

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

/**
 * browserless's `POST /content?token=...` with `{ url }`: the rendered HTML. The token must equal the fake's
 * `apiKey` when one is set (401 otherwise). The fake's own `/pages/<slug>` (on any host) render as served;
 * any other URL renders a generic page; a URL containing `__fail__` answers 500, `__slow__` never answers.
 */
async function content({ res, url, body, state, signal }: RouteContext): Promise<void> {
  if (state.apiKey !== undefined && url.searchParams.get('token') !== state.apiKey) return sendJson(res, 401, { message: 'Unauthorized: bad or missing token' });
  const target = (body as { url?: unknown } | undefined)?.url;
  if (typeof target !== 'string' || !URL.canParse(target)) return sendJson(res, 400, { message: 'body.url must be a URL' });
  if (target.includes('__fail__')) return sendJson(res, 500, { message: 'browser crashed' });
  if (target.includes('__slow__')) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    return;
  }
  const slug = /^\/pages\/([\w-]+)$/.exec(new URL(target).pathname)?.[1];
  const page = slug ? findPage(slug) : undefined;
  sendHtml(res, 200, pageHtml(page ?? genericPage(target)));
}

/** The pages the fake search results point at, plus `/redirect?to=<url>` (302) for redirect tests. */
const pageRoutes: FakeRoute[] = FAKE_PAGES.map((page) => ({
  method: 'GET',
  path: `/pages/${page.slug}`,
  handle: ({ res }) => sendHtml(res, 200, pageHtml(page)),
}));

function redirect({ res, url }: RouteContext): void {
  const to = url.searchParams.get('to');
  if (!to) return sendJson(res, 400, { message: 'to is required' });
  res.writeHead(302, { location: to });
  res.end();
}

export const browserlessRoutes: FakeRoute[] = [{ method: 'POST', path: '/content', handle: content }, ...pageRoutes, { method: 'GET', path: '/redirect', handle: redirect }];

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findFixturesDir } from './fixtures.util';
import { BodyTooLargeError, readBody, sendJson, sendOpenAiError } from './http.util';
import { resolveModelInfo } from './litellm/model-info';
import type { FakeRoute, FakeState, RecordedRequest } from './route';
import { ROUTES } from './routes';

export interface FakeUpstreamsOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, LiteLLM routes require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** The `/model/info` answer: a body, an array of deployments or a JSON file path. Defaults to the recorded fixture. */
  modelInfo?: unknown;
  fixturesDir?: string;
}

export interface FakeUpstreams {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Every request received, in order. Clear it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** Replaces what `/model/info` and `/v1/models` list (and so which deployment names answer). */
  setModelInfo(modelInfo: unknown): void;
  close(): Promise<void>;
}

export async function startFakeUpstreams(options: FakeUpstreamsOptions = {}): Promise<FakeUpstreams> {
  const fixturesDir = options.fixturesDir ?? findFixturesDir();
  const state: FakeState = {
    apiKey: options.apiKey,
    modelInfo: resolveModelInfo(options.modelInfo, fixturesDir),
    fixturesDir,
    requests: [],
  };
  const server = createServer((req, res) => {
    handleRequest(ROUTES, state, req, res).catch((error: unknown) => failRequest(res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    requests: state.requests,
    setModelInfo(modelInfo: unknown) {
      state.modelInfo = resolveModelInfo(modelInfo, fixturesDir);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and streaming answers would keep close() waiting forever.
        server.closeAllConnections();
      });
    },
  };
}

async function handleRequest(routes: FakeRoute[], state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake-upstreams');
  const controller = new AbortController();
  res.on('close', () => controller.abort());

  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendOpenAiError(res, 413, error.message, 'invalid_request_error', 'body');
    throw error;
  }
  let body: unknown = text === '' ? undefined : text;
  let invalidJson = false;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      invalidJson = true;
    }
  }
  state.requests.push({
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
    body,
    receivedAt: new Date(),
  });

  const onPath = routes.filter((route) => route.path === url.pathname);
  const route = onPath.find((candidate) => candidate.method === req.method);
  if (!route) {
    if (onPath.length > 0) return sendOpenAiError(res, 405, `Method ${req.method} is not allowed on ${url.pathname}`, 'invalid_request_error', null, { allow: onPath.map((r) => r.method).join(', ') });
    return sendOpenAiError(res, 404, `Not found: ${req.method} ${url.pathname}`, 'not_found_error');
  }
  if (invalidJson && req.method === 'POST') return sendOpenAiError(res, 400, 'Request body is not valid JSON', 'invalid_request_error', 'body');
  await route.handle({ req, res, url, body, state, signal: controller.signal });
}

function failRequest(res: ServerResponse, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, { error: { message: `fake-upstreams failed: ${message}`, type: 'internal_server_error', param: null, code: '500' } });
}

/** A scripted stand-in for the API server at the fetch boundary, recording every request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: RecordedRequest) => FakeResponse;

export function createFakeFetch(routes: Record<string, Handler | FakeResponse>) {
  const requests: RecordedRequest[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(
      Object.entries((init?.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const request: RecordedRequest = {
      method,
      url,
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init?.credentials,
    };
    requests.push(request);
    const route = routes[`${method} ${url.split('?')[0]}`];
    if (!route) return new Response(JSON.stringify({ statusCode: 404, code: 'not_found', message: 'no route' }), { status: 404 });
    const answer = typeof route === 'function' ? route(request) : route;
    const payload = answer.body === undefined ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(payload, { status: answer.status, headers: answer.headers });
  };
  return { fetch: fetchFn, requests };
}

import { CSRF_COOKIE, CSRF_HEADER, type ApiErrorBody } from '@kipux/contracts';
import { ApiError, NETWORK_ERROR_CODE } from './api-error';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Prefix of every path, '' when the SPA and the API share an origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Reads the CSRF cookie when no token was set explicitly (e.g. after a reload). */
  readCookie?: (name: string) => string | null;
}

const MUTATING: ReadonlySet<Method> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function documentCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  const prefix = `${name}=`;
  const match = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return match ? decodeURIComponent(match.slice(prefix.length)) : null;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).code === 'string' &&
    typeof (value as ApiErrorBody).message === 'string'
  );
}

/** The one place the SPA talks HTTP to the API: JSON in and out, cookies, CSRF, typed errors. */
export class ApiClient {
  private csrfToken: string | null = null;
  private readonly unauthorizedListeners = new Set<() => void>();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly readCookie: (name: string) => string | null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    // Late-bound so tests (and polyfills) that replace globalThis.fetch are honoured.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.readCookie = options.readCookie ?? documentCookie;
  }

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  /** Called when an authenticated call answers 401, i.e. the session expired or was revoked. */
  onUnauthorized(listener: () => void): () => void {
    this.unauthorizedListeners.add(listener);
    return () => this.unauthorizedListeners.delete(listener);
  }

  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (MUTATING.has(method)) {
      const token = this.csrfToken ?? this.readCookie(CSRF_COOKIE);
      if (token) headers[CSRF_HEADER] = token;
    }

    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw new ApiError({ statusCode: 0, code: NETWORK_ERROR_CODE, message: 'The server could not be reached' });
    }

    if (!response.ok) throw await this.toError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  private async toError(response: Response): Promise<ApiError> {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(await response.text());
    } catch {
      // Proxies and crashed upstreams answer HTML or nothing; fall through to a synthesized body.
    }
    const body: ApiErrorBody = isErrorBody(parsed)
      ? { ...parsed, statusCode: parsed.statusCode ?? response.status }
      : { statusCode: response.status, code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` };
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (response.status === 401) this.unauthorizedListeners.forEach((listener) => listener());
    return new ApiError(body, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
}

/** The SPA's shared client; the API serves the SPA, so paths are same-origin. */
export const apiClient = new ApiClient();

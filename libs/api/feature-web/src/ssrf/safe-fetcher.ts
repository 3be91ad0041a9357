import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { SsrfError, type SsrfGuard, type VettedTarget } from './ssrf-guard';

export const MAX_REDIRECTS = 5;
const ALLOWED_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'application/json', 'application/xml', 'text/xml'];
const USER_AGENT = 'Mozilla/5.0 (compatible; KipuxBot/1.0; +https://github.com/kipux)';

/** A fetch that failed for a reason the model and the user should read (not an internal address: that is `SsrfError`). */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface SafeFetchOptions {
  signal?: AbortSignal;
  /** Bytes of (decompressed) body kept; the rest is dropped and `truncated` set. */
  maxBytes?: number;
  timeoutMs?: number;
}

export interface SafeFetchResult {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
  truncated: boolean;
}

/** Largest page (HTML or text) downloaded for reading; a longer one is cut (`truncated`). */
export const PAGE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * GETs a URL the model asked for without letting it reach internal addresses: each hop is vetted by the
 * guard, the connection goes to the vetted address (the name is not resolved again, so DNS rebinding cannot
 * swap it), redirects are followed by hand, and size, time and content type are limited.
 */
export class SafeFetcher {
  constructor(
    private readonly guard: SsrfGuard,
    private readonly defaults: { maxBytes: number; timeoutMs: number } = { maxBytes: PAGE_MAX_BYTES, timeoutMs: 15_000 },
  ) {}

  async fetch(input: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
    const timeoutMs = options.timeoutMs ?? this.defaults.timeoutMs;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]);
    let current = input;
    try {
      for (let hop = 0; ; hop++) {
        const target = await this.guard.vet(current);
        const response = await this.get(target, signal);
        const location = response.headers.location;
        if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
          response.resume();
          if (hop >= MAX_REDIRECTS) throw new FetchError(`Too many redirects (more than ${MAX_REDIRECTS})`);
          current = new URL(location, target.url).toString();
          continue;
        }
        return await this.read(target, response, options.maxBytes ?? this.defaults.maxBytes, signal);
      }
    } catch (error) {
      if (error instanceof SsrfError || error instanceof FetchError) throw error;
      if (signal.aborted) {
        if (options.signal?.aborted) throw new FetchError('The fetch was cancelled');
        throw new FetchError(`The page did not answer within ${timeoutMs / 1000} s`);
      }
      throw new FetchError(`The page could not be fetched (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  private get(target: VettedTarget, signal: AbortSignal): Promise<IncomingMessage> {
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const requestOptions: RequestOptions = {
      method: 'GET',
      host: target.hostname,
      port: target.url.port || undefined,
      path: `${target.url.pathname}${target.url.search}`,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
      },
      lookup: pinned,
      signal,
      // No agent: a pooled socket could belong to another address of the same host name.
      agent: false,
    };
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(requestOptions, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  private async read(target: VettedTarget, response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<SafeFetchResult> {
    const status = response.statusCode ?? 0;
    const contentType = (response.headers['content-type'] ?? '').toLowerCase();
    const mediaType = contentType.split(';')[0]!.trim();
    if (status >= 400) {
      response.resume();
      throw new FetchError(`The page answered HTTP ${status}`);
    }
    if (!ALLOWED_TYPES.includes(mediaType) && !mediaType.endsWith('+xml') && !mediaType.endsWith('+json')) {
      response.resume();
      throw new FetchError(`The page is ${mediaType || 'of an unknown type'}; only HTML, text, JSON and XML are read`);
    }
    const stream = decoded(response);
    const parts: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const part of stream as AsyncIterable<Buffer>) {
      if (signal.aborted) break;
      const room = maxBytes - size;
      if (part.length >= room) {
        parts.push(part.subarray(0, room));
        truncated = part.length > room || !response.complete;
        response.destroy();
        break;
      }
      parts.push(part);
      size += part.length;
    }
    signal.throwIfAborted();
    return { url: target.url.toString(), status, contentType: mediaType, body: decodeText(Buffer.concat(parts), contentType), truncated };
  }
}

function decoded(response: IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

function decodeText(bytes: Buffer, contentType: string): string {
  const charset = /charset="?([\w-]+)"?/.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

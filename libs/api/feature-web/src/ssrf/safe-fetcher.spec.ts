import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FetchError, SafeFetcher } from './safe-fetcher';
import { SsrfError, SsrfGuard, type HostResolver } from './ssrf-guard';

type Handler = (path: string, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => handler(req.url ?? '/', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('SafeFetcher', () => {
  let site: { server: Server; port: number };
  let other: { server: Server; port: number };
  const resolved: string[] = [];
  // "site.test" is the allow-listed test site; "rebind.test" would resolve to loopback.
  const resolver: HostResolver = async (hostname) => {
    resolved.push(hostname);
    if (hostname === 'site.test') return [{ address: '127.0.0.1', family: 4 }];
    if (hostname === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  };
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    other = await listen((_path, res) => res.end('internal secret'));
    site = await listen((path, res) => {
      const html = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><body>${body}</body></html>`);
      };
      if (path === '/page') return html('<p>hello</p>');
      if (path === '/to-internal') return void res.writeHead(302, { location: `http://127.0.0.1:${other.port}/` }).end();
      if (path === '/to-metadata') return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (path === '/to-rebind') return void res.writeHead(302, { location: `http://rebind.test:${other.port}/` }).end();
      if (path === '/relative') return void res.writeHead(303, { location: '/page' }).end();
      const loop = /^\/loop\/(\d+)$/.exec(path);
      if (loop) return void res.writeHead(302, { location: `/loop/${Number(loop[1]) + 1}` }).end();
      if (path === '/image') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10));
      if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('x'.repeat(50_000));
      }
      if (path === '/gzip') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        return void res.end(gzipSync('compressed text'));
      }
      if (path === '/latin1') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
        return void res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      }
      if (path === '/missing') return void res.writeHead(404, { 'content-type': 'text/html' }).end('no');
      if (path === '/slow') return; // never answers
      res.writeHead(500).end();
    });
    const guard = new SsrfGuard({ resolver, allowHosts: [{ host: '127.0.0.1', port: String(site.port) }, { host: 'site.test', port: String(site.port) }] });
    fetcher = new SafeFetcher(guard, { maxBytes: 10_000, timeoutMs: 500 });
  });
  afterAll(async () => {
    site.server.closeAllConnections();
    await new Promise((resolve) => site.server.close(resolve));
    await new Promise((resolve) => other.server.close(resolve));
  });

  it('fetches an allowed page', async () => {
    const page = await fetcher.fetch(`http://127.0.0.1:${site.port}/page`);
    expect(page).toMatchObject({ status: 200, contentType: 'text/html', truncated: false, url: `http://127.0.0.1:${site.port}/page` });
    expect(page.body).toContain('<p>hello</p>');
  });

  it('refuses a redirect to 127.0.0.1 on a port that is not allowed', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/to-internal`)).rejects.toThrow(SsrfError);
  });

  it('refuses a redirect to the metadata address', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/to-metadata`)).rejects.toThrow(/169\.254\.169\.254 is in a linkLocal range/);
  });

  it('refuses a redirect to a name resolving to loopback', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/to-rebind`)).rejects.toThrow(/rebind\.test \(127\.0\.0\.1\) is in a loopback range/);
  });

  it('follows relative redirects and reports the final URL', async () => {
    const page = await fetcher.fetch(`http://127.0.0.1:${site.port}/relative`);
    expect(page.url).toBe(`http://127.0.0.1:${site.port}/page`);
  });

  it('stops after 5 redirects', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/loop/0`)).rejects.toThrow(new FetchError('Too many redirects (more than 5)'));
  });

  it('connects to the address it vetted, resolving the name once per hop', async () => {
    resolved.length = 0;
    const page = await fetcher.fetch(`http://site.test:${site.port}/page`);
    expect(page.body).toContain('hello');
    expect(resolved).toEqual(['site.test']);
  });

  it('refuses content types it does not read', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/image`)).rejects.toThrow('The page is image/png; only HTML, text, JSON and XML are read');
  });

  it('keeps only the first maxBytes of a large body', async () => {
    const page = await fetcher.fetch(`http://127.0.0.1:${site.port}/big`);
    expect(page.body).toHaveLength(10_000);
    expect(page.truncated).toBe(true);
  });

  it('decompresses and decodes the declared charset', async () => {
    expect((await fetcher.fetch(`http://127.0.0.1:${site.port}/gzip`)).body).toBe('compressed text');
    expect((await fetcher.fetch(`http://127.0.0.1:${site.port}/latin1`)).body).toBe('café');
  });

  it('reports HTTP errors and timeouts', async () => {
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/missing`)).rejects.toThrow('The page answered HTTP 404');
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/slow`)).rejects.toThrow('The page did not answer within 0.5 s');
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(fetcher.fetch(`http://127.0.0.1:${site.port}/slow`, { signal: controller.signal, timeoutMs: 5000 })).rejects.toThrow('The fetch was cancelled');
  });
});

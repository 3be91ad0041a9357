import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const API_PATHS = /^\/(api|v1)(\/|$)/;

/** Serves the built SPA at `/`, answering unknown non-API GETs with index.html (history routing). */
export function serveSpa(app: NestExpressApplication, webDistDir: string | undefined): string | undefined {
  const root = resolve(webDistDir ?? 'dist/web');
  const index = join(root, 'index.html');
  if (!existsSync(index)) return undefined;
  const assets = express.static(root, { index: false, maxAge: '1h', setHeaders: immutableAssets });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    assets(req, res, () => (req.accepts('html') ? res.setHeader('Cache-Control', 'no-cache').sendFile(index) : next()));
  });
  return root;
}

function immutableAssets(res: Response, path: string): void {
  // Vite fingerprints everything under assets/, so those never change.
  if (path.includes(`${join('/', 'assets', '/')}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}

// Read at runtime so the build needs no JSON copying; both the sources and dist sit under the repo root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function findVersion(): string {
  for (let dir = __dirname; dir !== join(dir, '..'); dir = join(dir, '..')) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kipux-ai') return pkg.version ?? '0.0.0';
    } catch {
      // not here; look one folder up
    }
  }
  return '0.0.0';
}

export const APP_VERSION = findVersion();

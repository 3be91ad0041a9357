import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's `fixtures/` folder, found by walking up from this file so it works from sources
 * (apps/fake-upstreams/src) and from the build (dist/api/apps/fake-upstreams/src) alike.
 */
export function findFixturesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'fixtures');
    if (existsSync(join(candidate, 'litellm', 'model_info.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`No fixtures/ folder found above ${from}`);
  }
}

export function readJsonFile<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

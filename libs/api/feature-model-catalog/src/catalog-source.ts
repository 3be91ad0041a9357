import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import type { ModelSource } from '@kipux/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelInfoBody, type LiteLlmDeployment } from './catalog-deployment';

/** A source could not be read; `message` is meant for an admin and never contains a secret. */
export class CatalogSourceError extends Error {}

export interface CatalogSnapshot {
  source: ModelSource;
  deployments: LiteLlmDeployment[];
}

export const MODEL_INFO_TIMEOUT_MS = 15_000;

/** LiteLLM serves `/model/info` at its root, not under `/v1`. */
export function modelInfoUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}/model/info`;
  url.search = '';
  return url.toString();
}

/**
 * Where the catalog comes from: LiteLLM's `/model/info` when LITELLM_BASE_URL is set, else
 * MODEL_CATALOG_FILE, else the catalog bundled with Kipux (so the embedded mode always has one).
 */
@Injectable()
export class CatalogSourceReader {
  constructor(private readonly config: AppConfig) {}

  get source(): ModelSource {
    if (this.config.env.LITELLM_BASE_URL) return 'litellm';
    return this.config.env.MODEL_CATALOG_FILE ? 'file' : 'bundled';
  }

  async read(): Promise<CatalogSnapshot> {
    const { LITELLM_BASE_URL, MODEL_CATALOG_FILE } = this.config.env;
    if (LITELLM_BASE_URL) return { source: 'litellm', deployments: await this.fetchModelInfo(LITELLM_BASE_URL) };
    if (MODEL_CATALOG_FILE) return { source: 'file', deployments: await readCatalogFile(MODEL_CATALOG_FILE, 'MODEL_CATALOG_FILE') };
    return { source: 'bundled', deployments: await readCatalogFile(join(__dirname, 'reference-data', 'default-catalog.json'), 'Bundled catalog') };
  }

  private async fetchModelInfo(baseUrl: string): Promise<LiteLlmDeployment[]> {
    const url = modelInfoUrl(baseUrl);
    const apiKey = this.config.env.LITELLM_API_KEY;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
        signal: AbortSignal.timeout(MODEL_INFO_TIMEOUT_MS),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new CatalogSourceError(`LiteLLM at ${url} did not answer within ${MODEL_INFO_TIMEOUT_MS / 1000} s.`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CatalogSourceError(`Could not reach LiteLLM at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
    }
    if (!response.ok) {
      // The body is not quoted: some LiteLLM versions echo the received key in their error messages.
      await response.body?.cancel().catch(() => undefined);
      const hint = response.status === 401 || response.status === 403 ? ' (check LITELLM_API_KEY)' : '';
      throw new CatalogSourceError(`LiteLLM at ${url} answered HTTP ${response.status}${hint}.`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new CatalogSourceError(`LiteLLM at ${url} answered something that is not JSON.`);
    }
    try {
      return parseModelInfoBody(body);
    } catch (error) {
      throw new CatalogSourceError(`LiteLLM at ${url} answered an unexpected /model/info body: ${(error as Error).message}.`);
    }
  }
}

async function readCatalogFile(path: string, label: string): Promise<LiteLlmDeployment[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogSourceError(`${label} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    return parseModelInfoBody(JSON.parse(text));
  } catch (error) {
    throw new CatalogSourceError(`${label} ${path} is not a valid catalog: ${(error as Error).message}.`);
  }
}

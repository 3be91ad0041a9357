import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelInfoBody, sanitize, toCatalogEntries, toCatalogEntry } from './catalog-deployment';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/litellm/model_info.json'), 'utf8'));
const entries = toCatalogEntries(parseModelInfoBody(fixture));
const byName = (name: string) => {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${name} not in the catalog`);
  return entry;
};

describe('catalog entries from /model/info', () => {
  it('reads every deployment of the recorded fixture', () => {
    expect(entries).toHaveLength(11);
    expect(byName('gpt-image-1').mode).toBe('image_generation');
    expect(entries.filter((e) => e.mode === 'chat')).toHaveLength(10);
  });

  it('maps limits, prices, capabilities and the credential name', () => {
    const pro = byName('gemini/gemini-2.5-pro');
    expect(pro).toMatchObject({
      provider: 'gemini',
      litellmModelId: '50d5a246-0565-4cd5-8444-b120f154c791',
      maxInputTokens: 1048576,
      maxOutputTokens: 65535,
      credentialName: 'google',
      enrichedFromBundle: false,
      prices: { inputPerToken: 1.25e-6, outputPerToken: 1e-5, inputPerTokenAbove200k: 2.5e-6, outputPerTokenAbove200k: 1.5e-5, cacheReadPerToken: null },
      capabilities: { vision: true, functionCalling: true, reasoning: true, webSearch: true, pdfInput: true, audioInput: true, promptCaching: false },
    });
    expect(pro.supportedOpenaiParams).toContain('reasoning_effort');
    expect(byName('gpt-4o').prices.cacheReadPerToken).toBe(1.25e-6);
    expect(byName('groq/mistral-saba-24b').capabilities.functionCalling).toBe(false);
  });

  it('fills bare deployments from the bundled reference data and says so', () => {
    expect(byName('deepseek-v3')).toMatchObject({
      provider: 'openai',
      mode: 'chat',
      maxInputTokens: 65536,
      enrichedFromBundle: true,
      prices: { inputPerToken: 2.7e-7, outputPerToken: 1.1e-6, cacheReadPerToken: 7e-8 },
      capabilities: { functionCalling: true, promptCaching: true },
    });
    expect(byName('llama3.3-70b')).toMatchObject({ enrichedFromBundle: true, maxInputTokens: 128000, prices: { inputPerToken: 5.9e-7 } });
    expect(byName('Qwen2.5-Coder-32B-Instruct')).toMatchObject({ enrichedFromBundle: true, maxInputTokens: 32768, prices: { inputPerToken: null } });
  });

  it('keeps a deployment’s own prices from litellm_params and leaves unknown models alone', () => {
    expect(byName('coder-large')).toMatchObject({
      enrichedFromBundle: false,
      maxInputTokens: null,
      apiBase: 'https://api.llmapi.com/',
      prices: { inputPerToken: 0, outputPerToken: 0 },
    });
  });

  it('never keeps a secret in raw, api_base or anywhere else', () => {
    const entry = toCatalogEntry({
      model_name: 'secret-test',
      litellm_params: {
        model: 'openai/gpt-4o',
        api_key: 'sk-live-123',
        api_base: 'https://user:pw@proxy.example.com/v1?key=sk-query-456',
        aws_secret_access_key: 'aws-789',
        vertex_credentials: '{"private_key": "pk-333"}',
        extra_headers: { Authorization: 'Bearer hdr-000', 'x-api-key': 'hdr-111', 'X-Title': 'kipux' },
        litellm_credential_name: 'openAI',
      },
      model_info: { id: 'x', max_tokens: 10, max_input_tokens: 20, input_cost_per_token: 1e-6, access_token: 'tok-222' },
    });
    const text = JSON.stringify(entry);
    for (const secret of ['sk-live-123', 'sk-query-456', 'aws-789', 'pk-333', 'hdr-000', 'hdr-111', 'tok-222', 'user:pw']) expect(text).not.toContain(secret);
    expect(entry.apiBase).toBe('https://proxy.example.com/v1');
    expect(entry.raw).toMatchObject({
      litellm_params: { model: 'openai/gpt-4o', litellm_credential_name: 'openAI', extra_headers: { 'X-Title': 'kipux' } },
      model_info: { max_tokens: 10, max_input_tokens: 20, input_cost_per_token: 1e-6 },
    });
  });

  it('keeps the most descriptive deployment when several share a model name', () => {
    const merged = toCatalogEntries([
      { model_name: 'm', model_info: { id: 'a' } },
      { model_name: 'm', model_info: { id: 'b', mode: 'chat', max_input_tokens: 1000 } },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.litellmModelId).toBe('b');
  });

  it('rejects bodies that are not /model/info', () => {
    expect(() => parseModelInfoBody({ models: [] })).toThrow(/data/);
    expect(() => parseModelInfoBody({ data: [{ model_info: {} }] })).toThrow(/data\[0\] has no model_name/);
    expect(sanitize(['a', { password: 'x' }])).toEqual(['a', {}]);
  });
});

import { AppConfig } from '@kipux/api/config';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { CatalogSourceError, CatalogSourceReader, modelInfoUrl } from './catalog-source';

describe('modelInfoUrl', () => {
  it.each([
    ['http://litellm:4000', 'http://litellm:4000/model/info'],
    ['http://litellm:4000/', 'http://litellm:4000/model/info'],
    ['http://litellm:4000/v1', 'http://litellm:4000/model/info'],
    ['https://proxy.example.com/litellm/v1/?x=1', 'https://proxy.example.com/litellm/model/info'],
  ])('%s → %s', (base, url) => expect(modelInfoUrl(base)).toBe(url));
});

describe('CatalogSourceReader against the fake LiteLLM', () => {
  const key = 'sk-proxy-right-key-1234';
  let fakes: FakeUpstreams;

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: key });
  });
  afterAll(() => fakes.close());

  const reader = (env: Record<string, string>) => new CatalogSourceReader(AppConfig.fromEnv(env));

  it('reads /model/info with the key', async () => {
    const snapshot = await reader({ LITELLM_BASE_URL: `${fakes.url}/v1`, LITELLM_API_KEY: key }).read();
    expect(snapshot.source).toBe('litellm');
    expect(snapshot.deployments).toHaveLength(11);
  });

  it('explains a refused key without repeating what LiteLLM echoed back', async () => {
    const wrongKey = 'sk-wrong-key-echoed-by-litellm-5678';
    const error = await reader({ LITELLM_BASE_URL: fakes.url, LITELLM_API_KEY: wrongKey })
      .read()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CatalogSourceError);
    expect((error as Error).message).toBe(`LiteLLM at ${fakes.url}/model/info answered HTTP 401 (check LITELLM_API_KEY).`);
    // The fake, like some LiteLLM versions, puts the received key in its error body.
    const echoed = await (await fetch(`${fakes.url}/model/info`, { headers: { Authorization: `Bearer ${wrongKey}` } })).text();
    expect(echoed).toContain(wrongKey);
    expect((error as Error).message).not.toContain(wrongKey);
  });

  it('names a missing catalog file', async () => {
    await expect(reader({ MODEL_CATALOG_FILE: '/nonexistent/catalog.json' }).read()).rejects.toThrow(
      'MODEL_CATALOG_FILE /nonexistent/catalog.json cannot be read: ENOENT.',
    );
  });
});

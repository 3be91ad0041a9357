import { openAiBaseUrl } from './llm.client';

describe('openAiBaseUrl', () => {
  it.each([
    ['http://litellm:4000', 'http://litellm:4000/v1'],
    ['http://litellm:4000/', 'http://litellm:4000/v1'],
    ['http://litellm:4000/v1', 'http://litellm:4000/v1'],
    ['https://gateway.example.com/v1/', 'https://gateway.example.com/v1'],
    ['https://proxy.example.com/litellm', 'https://proxy.example.com/litellm/v1'],
  ])('turns %s into %s', (base, expected) => {
    expect(openAiBaseUrl(base)).toBe(expected);
  });
});

import { lastUserText, withContextBeforeLastUser } from './web-search-context';

describe('web search context', () => {
  const messages = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'first' },
    { role: 'assistant', content: 'ok' },
    { role: 'user', content: [{ type: 'text', text: 'latest' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'news' }] },
  ];

  it('searches for the text of the last user message', () => {
    expect(lastUserText(messages)).toBe('latest\nnews');
    expect(lastUserText([{ role: 'system', content: 'x' }])).toBe('');
  });

  it('puts the results just before the last user message', () => {
    const result = withContextBeforeLastUser(messages, 'RESULTS');
    expect(result.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'system', 'user']);
    expect(result[3]).toEqual({ role: 'system', content: 'RESULTS' });
  });
});

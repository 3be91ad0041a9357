import { MARK_END, MARK_START, snippetHtml } from './snippet';

describe('snippetHtml', () => {
  it('escapes the text and turns only the marks into <mark>', () => {
    const headline = `<img src=x onerror="alert('x')"> & ${MARK_START}pgvector${MARK_END} rocks`;
    expect(snippetHtml(headline)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; <mark>pgvector</mark> rocks');
  });
});

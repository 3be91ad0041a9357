import { approxTokens, cutToBudget, extractHtml, extractText } from './page-extractor';

const ARTICLE = `<!doctype html><html><head><title>Site | The real title</title><script>document.title = 'changed'; window.ran = true;</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<aside class="ad">Buy now! Limited offer on everything.</aside>
<main><article>
<h1>How tides work</h1>
<p>Tides are the rise and fall of sea levels caused by the combined effects of the gravitational forces exerted by the Moon and the Sun.</p>
<p>Most places have two high tides and two low tides each day, and the <a href="/moon">Moon's</a> influence is about twice that of the Sun.</p>
<h2>Spring and neap tides</h2>
<ul><li>Spring tides happen at new and full moon.</li><li>Neap tides happen at the quarter moons.</li></ul>
<pre><code>height = a * cos(omega * t)</code></pre>
<img src="https://tracker.example/pixel.gif" onerror="window.bad = true">
</article></main>
<footer>© 2026 Example Corp. All rights reserved.</footer>
</body></html>`;

describe('extractHtml', () => {
  const page = extractHtml(ARTICLE, 'https://example.com/tides');

  it('keeps the article as markdown: headings, paragraphs, lists, absolute links and code', () => {
    expect(page.markdown).toContain('Tides are the rise and fall of sea levels');
    expect(page.markdown).toMatch(/^## Spring and neap tides$/m);
    expect(page.markdown).toMatch(/^-\s+Spring tides happen at new and full moon\.$/m);
    expect(page.markdown).toContain("[Moon's](https://example.com/moon)");
    expect(page.markdown).toContain('```\nheight = a * cos(omega * t)\n```');
  });

  it('drops navigation, ads, footers, scripts and images', () => {
    expect(page.markdown).not.toMatch(/Home|Buy now|All rights reserved|window\.ran|pixel\.gif/);
  });

  it('takes the title from the page without running its scripts', () => {
    expect(page.title).toMatch(/The real title|How tides work/);
    expect(page.title).not.toBe('changed');
  });

  it('falls back to the body when there is no article, and to the URL for a title', () => {
    const tiny = extractHtml('<html><body><p>Just a line.</p></body></html>', 'https://example.com/tiny');
    expect(tiny).toEqual({ title: 'https://example.com/tiny', markdown: 'Just a line.' });
  });
});

describe('extractText', () => {
  it('keeps plain text as is and fences JSON and XML', () => {
    expect(extractText(' hello \n', 'text/plain', 'https://example.com/a.txt')).toEqual({ title: 'https://example.com/a.txt', markdown: 'hello' });
    expect(extractText('{"a":1}', 'application/json', 'https://example.com/a.json').markdown).toBe('```json\n{"a":1}\n```');
    expect(extractText('<a/>', 'application/rss+xml', 'https://example.com/feed').markdown).toBe('```xml\n<a/>\n```');
  });
});

describe('cutToBudget', () => {
  it('leaves text within the budget alone', () => {
    expect(cutToBudget('short text', 10)).toEqual({ text: 'short text', truncated: false });
  });

  it('cuts at a paragraph boundary near the budget and says so', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${'word '.repeat(20).trim()}.`).join('\n\n');
    const { text, truncated } = cutToBudget(paragraphs, 500);
    expect(truncated).toBe(true);
    const [kept, note] = text.split('\n\n[…');
    expect(approxTokens(kept!)).toBeLessThanOrEqual(500);
    expect(approxTokens(kept!)).toBeGreaterThan(300);
    expect(kept).toMatch(/\.$/);
    expect(note).toBe(' the rest of the page was cut to fit the reading budget]');
  });

  it('cuts a text without boundaries at the budget', () => {
    const { text } = cutToBudget('x'.repeat(1000), 100);
    expect(text.startsWith('x'.repeat(400) + '\n\n[…')).toBe(true);
  });
});

import { HtmlExtractor } from './html-extractor';

describe('HtmlExtractor', () => {
  const extractor = new HtmlExtractor();
  afterAll(() => extractor.close());

  it('extracts in a worker thread while the main thread keeps running', async () => {
    const paragraph = `<p>${'Tides rise and fall with the Moon and the Sun. '.repeat(20)}</p>`;
    const html = `<html><head><title>Tides</title></head><body><nav>${'<a href="/x">x</a>'.repeat(500)}</nav><article><h1>Tides</h1>${paragraph.repeat(400)}</article></body></html>`;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const page = await extractor.extract(html, 'https://example.com/tides');
    clearInterval(ticker);
    expect(page.title).toBe('Tides');
    expect(page.markdown).toContain('Tides rise and fall with the Moon and the Sun.');
    expect(page.markdown).not.toContain('[x](');
    expect(ticks).toBeGreaterThan(5);
    // Parsing this page takes about a second; on a loaded machine several.
  }, 30_000);

  it('answers jobs in order and keeps working after one', async () => {
    const pages = await Promise.all(['One', 'Two', 'Three'].map((title) => extractor.extract(`<html><head><title>${title}</title></head><body><p>${title} text.</p></body></html>`, `https://example.com/${title}`)));
    expect(pages.map((page) => page.markdown)).toEqual(['One text.', 'Two text.', 'Three text.']);
  });

  it('gives up on a job over the time limit and starts afresh', async () => {
    const impatient = new HtmlExtractor(1);
    await expect(impatient.extract('<html><body><p>slow</p></body></html>', 'https://example.com/')).rejects.toThrow('Reading the page took longer than 0.001 s');
    await impatient.close();
  });
});

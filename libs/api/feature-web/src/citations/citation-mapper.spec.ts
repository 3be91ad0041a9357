import { mapCitations } from './citation-mapper';
import { SourceBook } from './source-book';

function book(): SourceBook {
  const sources = new SourceBook();
  sources.add('https://a.example/one', 'One');
  sources.add('https://b.example/two', 'Two');
  sources.add('https://c.example/three', 'Three');
  return sources;
}

function spans(content: string, sources = book()) {
  return mapCitations(content, sources).map(({ url_citation: c }) => [content.slice(c.start_index, c.end_index), c.url, c.title]);
}

describe('mapCitations', () => {
  it('maps [n] markers to the numbered sources with the marker span', () => {
    const content = 'Tides follow the Moon [1]. Neap tides are weaker [3].';
    const citations = mapCitations(content, book());
    expect(citations).toEqual([
      { type: 'url_citation', url_citation: { url: 'https://a.example/one', title: 'One', start_index: 22, end_index: 25 } },
      { type: 'url_citation', url_citation: { url: 'https://c.example/three', title: 'Three', start_index: 49, end_index: 52 } },
    ]);
  });

  it('handles grouped and adjacent markers and repeated citations', () => {
    expect(spans('Both agree [1, 2][3]. Again [1].')).toEqual([
      ['[1, 2]', 'https://a.example/one', 'One'],
      ['[1, 2]', 'https://b.example/two', 'Two'],
      ['[3]', 'https://c.example/three', 'Three'],
      ['[1]', 'https://a.example/one', 'One'],
    ]);
  });

  it('ignores numbers the model was never given', () => {
    expect(spans('Made up [7] and real [2].')).toEqual([['[2]', 'https://b.example/two', 'Two']]);
    expect(mapCitations('Nothing to cite [1].', new SourceBook())).toEqual([]);
  });

  it('cites markdown links to returned pages, not to other URLs', () => {
    expect(spans('See [the guide](https://b.example/two) and [elsewhere](https://evil.example/).')).toEqual([
      ['[the guide](https://b.example/two)', 'https://b.example/two', 'Two'],
    ]);
  });

  it('leaves code and indexing alone', () => {
    expect(spans('Use `arr[1]` or\n```js\nx = list[2];\n```\nlike items[3], but cite [1].')).toEqual([['[1]', 'https://a.example/one', 'One']]);
  });

  it('counts indices in UTF-16 code units, as JavaScript slices strings', () => {
    const content = 'Ñandú 🐦 facts [2]';
    const [citation] = mapCitations(content, book());
    expect(content.slice(citation!.url_citation.start_index, citation!.url_citation.end_index)).toBe('[2]');
  });
});

describe('SourceBook', () => {
  it('numbers new URLs in order and keeps the number of a URL seen again', () => {
    const sources = new SourceBook();
    expect(sources.add('https://x.example/', 'X').number).toBe(1);
    expect(sources.add('https://y.example/', '').number).toBe(2);
    expect(sources.add('https://x.example/', 'X again').number).toBe(1);
    expect(sources.get(2)).toEqual({ number: 2, url: 'https://y.example/', title: 'https://y.example/' });
    expect(sources.add('https://y.example/', 'Y, as the page calls itself').title).toBe('Y, as the page calls itself');
    expect(sources.get(3)).toBeUndefined();
  });
});

import type { UrlCitation } from '@kipux/contracts';
import { describe, expect, it } from 'vitest';
import { sourcesOf } from './sources';

const cite = (url: string, content: string, marker: string, from = 0): UrlCitation => {
  const start = content.indexOf(marker, from);
  return { type: 'url_citation', url_citation: { url, title: url.slice(8), start_index: start, end_index: start + marker.length } };
};

describe('sourcesOf', () => {
  it('numbers chips by the markers the answer uses, once per URL, in number order', () => {
    const content = 'Facts [3] and more [1], again [3].';
    const chips = sourcesOf(
      [cite('https://c.example', content, '[3]'), cite('https://a.example', content, '[1]'), cite('https://c.example', content, '[3]', 20)],
      content,
    );
    expect(chips).toEqual([
      { url: 'https://a.example', title: 'a.example', number: 1 },
      { url: 'https://c.example', title: 'c.example', number: 3 },
    ]);
  });

  it('falls back to position for a citation span without a number (a markdown link)', () => {
    const content = 'See [the docs](https://d.example).';
    expect(sourcesOf([cite('https://d.example', content, '[the docs](https://d.example)')], content)[0]?.number).toBe(1);
  });
});

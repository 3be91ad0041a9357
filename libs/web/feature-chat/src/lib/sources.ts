import type { UrlCitation } from '@kipux/contracts';

export interface Source {
  url: string;
  title: string;
  /** The number the answer cites it by (`[3]`), or its position when the marker carries none. */
  number: number;
}

/**
 * One chip per cited URL, numbered as the answer's `[n]` markers number it: the annotation's
 * start/end span the marker in the content. An answer may cite the same source several times.
 */
export function sourcesOf(citations: UrlCitation[], content: string): Source[] {
  const byUrl = new Map<string, Source>();
  for (const { url_citation: citation } of citations) {
    if (byUrl.has(citation.url)) continue;
    const marker = /\[(\d+)\]/.exec(content.slice(citation.start_index, citation.end_index));
    byUrl.set(citation.url, { url: citation.url, title: citation.title, number: marker ? Number(marker[1]) : byUrl.size + 1 });
  }
  return [...byUrl.values()].sort((a, b) => a.number - b.number);
}

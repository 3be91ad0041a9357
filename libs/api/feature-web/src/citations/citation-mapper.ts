import type { UrlCitation } from '@kipux/contracts';
import type { SourceBook } from './source-book';

/** Fenced code blocks and inline code spans: brackets inside them are code, not citations. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
/** `[1]`, `[1, 3]`, `[1][2]`, and markdown links `[text](url)`. */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()|\[([^\]\n]*)\]\((https?:\/\/[^)\s]+)\)/g;

/**
 * The answer's references to the turn's sources as `url_citation` annotations: each `[n]` marker that names a
 * source the tools returned (and each markdown link to such a source's URL) becomes one annotation whose
 * `start_index`/`end_index` span the marker (JavaScript string indices, end exclusive). Numbers and URLs the
 * model was never given are left alone: only returned or fetched pages can be cited.
 */
export function mapCitations(content: string, sources: SourceBook): UrlCitation[] {
  const code = [...content.matchAll(CODE)].map((match) => [match.index, match.index + match[0].length] as const);
  const inCode = (index: number) => code.some(([start, end]) => index >= start && index < end);
  const citations: UrlCitation[] = [];
  for (const match of content.matchAll(MARKER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (inCode(start)) continue;
    // `items[1]` is an index, not a citation.
    if (match[1] !== undefined && start > 0 && /[\w)]/.test(content[start - 1]!)) continue;
    const cited =
      match[1] !== undefined
        ? match[1].split(',').map((number) => sources.get(Number(number.trim())))
        : [sources.byUrlOf(match[3]!)];
    for (const source of cited) {
      if (!source) continue;
      citations.push({ type: 'url_citation', url_citation: { url: source.url, title: source.title, start_index: start, end_index: end } });
    }
  }
  return citations;
}

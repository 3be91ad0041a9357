import type { UrlCitation } from '@kipux/contracts';
import type { WebSearchSource } from '../ports/web-search';

/** The text of the last user message: what a `web_search_options` request searches for. */
export function lastUserText(messages: ReadonlyArray<{ role: string; content?: unknown }>): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      return message.content
        .filter((part): part is { type: 'text'; text: string } => (part as { type?: unknown }).type === 'text')
        .map((part) => part.text)
        .join('\n');
    }
  }
  return '';
}

/** The system message that hands the search results to the model and asks for `[n]` citations. */
export function searchSystemMessage(context: string): { role: 'system'; content: string } {
  return {
    role: 'system',
    content:
      'Web search results for the user’s latest question follow. Use them to answer and cite the sources you use ' +
      'with their number in square brackets, like [1].\n\n' +
      context,
  };
}

/** One `url_citation` per `[n]` marker in the answer that names a source; indices are into `content`. */
export function urlCitations(content: string, sources: readonly WebSearchSource[]): UrlCitation[] {
  const citations: UrlCitation[] = [];
  for (const match of content.matchAll(/\[(\d{1,3})\]/g)) {
    const source = sources[Number(match[1]) - 1];
    if (!source) continue;
    citations.push({
      type: 'url_citation',
      url_citation: { url: source.url, title: source.title, start_index: match.index, end_index: match.index + match[0].length },
    });
  }
  return citations;
}

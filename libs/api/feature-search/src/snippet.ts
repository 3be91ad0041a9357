/** Marks ts_headline puts around matched words: private-use characters, removed from the text beforehand. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The headline as HTML: everything escaped, only the highlight marks become `<mark>` elements. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (char) => ESCAPES[char]!)
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}

/** Longest chunk sent to the embedding model, in characters (well under common 8k-token input limits). */
export const CHUNK_CHARS = 2000;
const OVERLAP_CHARS = 200;

/**
 * Cuts a text into overlapping pieces, preferring to cut at a paragraph, line or sentence end, so a long
 * answer is still found by a query about one part of it.
 */
export function chunkText(text: string, size = CHUNK_CHARS, overlap = OVERLAP_CHARS): string[] {
  const trimmed = text.trim();
  if (trimmed.length <= size) return trimmed ? [trimmed] : [];
  const chunks: string[] = [];
  let start = 0;
  while (start < trimmed.length) {
    let end = Math.min(start + size, trimmed.length);
    if (end < trimmed.length) {
      const window = trimmed.slice(start + Math.floor(size / 2), end);
      const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf('. '));
      if (cut >= 0) end = start + Math.floor(size / 2) + cut + 1;
    }
    chunks.push(trimmed.slice(start, end).trim());
    if (end >= trimmed.length) break;
    start = end - overlap;
  }
  return chunks.filter(Boolean);
}

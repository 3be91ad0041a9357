import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import TurndownService from 'turndown';

export interface ExtractedPage {
  title: string;
  /** The main content as markdown (whole, before any budget). */
  markdown: string;
}

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
// Pictures, scripts and forms are no use to a model reading text.
turndown.remove(['script', 'style', 'noscript', 'iframe', 'form', 'button', 'canvas', 'video', 'audio']);
turndown.addRule('no-pictures', { filter: (node) => ['img', 'svg', 'picture'].includes(node.nodeName.toLowerCase()), replacement: () => '' });

/**
 * The main content of an HTML page (Readability, as Firefox's reader view) as markdown. The page's scripts
 * never run and nothing it references is loaded. Falls back to the whole body when Readability finds no
 * article.
 */
export function extractHtml(html: string, url: string): ExtractedPage {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    const fallbackTitle = document.title.trim();
    const article = new Readability(document.cloneNode(true) as Document, { charThreshold: 100 }).parse();
    const contentHtml = article?.content ?? document.body?.innerHTML ?? '';
    const title = (article?.title ?? '').trim() || fallbackTitle || url;
    return { title, markdown: tidy(turndown.turndown(contentHtml)) };
  } finally {
    dom.window.close();
  }
}

/** Plain text, JSON or XML as it came (in a fence for the structured ones, so the model sees it verbatim). */
export function extractText(body: string, contentType: string, url: string): ExtractedPage {
  const text = body.trim();
  if (contentType === 'text/plain') return { title: url, markdown: text };
  const language = contentType.includes('json') ? 'json' : 'xml';
  return { title: url, markdown: `\`\`\`${language}\n${text}\n\`\`\`` };
}

function tidy(markdown: string): string {
  return markdown.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Rough tokens of a text (4 characters each), enough to keep a page within the model's budget. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The text cut to about `maxTokens`, at a paragraph (else line, else word) boundary, with a note saying so.
 */
export function cutToBudget(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const maxChars = maxTokens * 4;
  if (text.length <= maxChars) return { text, truncated: false };
  const head = text.slice(0, maxChars);
  const boundary = [head.lastIndexOf('\n\n'), head.lastIndexOf('\n'), head.lastIndexOf(' ')].find((index) => index > maxChars * 0.6) ?? maxChars;
  return { text: `${head.slice(0, boundary).trimEnd()}\n\n[… the rest of the page was cut to fit the reading budget]`, truncated: true };
}

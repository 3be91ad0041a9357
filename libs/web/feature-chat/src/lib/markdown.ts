import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';
import { Marked, type Tokens } from 'marked';

/** Words the rendered HTML carries (the copy button), so the cache keys on them too. */
export interface MarkdownLabels {
  copy: string;
  copyCode: string;
}

const DEFAULT_LABELS: MarkdownLabels = { copy: 'Copy', copyCode: 'Copy code' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function codeBlock(token: Tokens.Code, labels: MarkdownLabels): string {
  const requested = (token.lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const language = requested && hljs.getLanguage(requested) ? requested : null;
  const body = language ? hljs.highlight(token.text, { language, ignoreIllegals: true }).value : escapeHtml(token.text);
  const label = escapeHtml(requested || 'text');
  return (
    `<div class="kx-code"><div class="kx-code__bar"><span class="kx-code__lang">${label}</span>` +
    `<button type="button" class="kx-code__copy" data-kx-copy aria-label="${escapeHtml(labels.copyCode)}">` +
    `<i class="bi bi-clipboard" aria-hidden="true"></i><span>${escapeHtml(labels.copy)}</span></button></div>` +
    `<pre><code class="hljs${language ? ` language-${language}` : ''}">${body}</code></pre></div>`
  );
}

/**
 * Raw HTML in model output is shown as text, never parsed: the model writes markdown, and HTML it emits is more
 * likely an example or an injection than formatting. (Parsing it, even in DOMPurify's inert document, makes
 * Chrome report CSP violations for every inline handler it meets.)
 */
function createMarked(labels: MarkdownLabels): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    renderer: {
      code: (token) => codeBlock(token, labels),
      html: (token) => escapeHtml(token.text),
    },
  });
}

/**
 * One DOMPurify instance of our own, so its hooks do not touch other users of the library. Links open in a new
 * tab without giving the page a handle on ours; inline styles and forms are dropped (model output must not
 * restyle or phish inside the app).
 */
const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});
const SANITIZE = {
  FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style'],
  ADD_ATTR: ['target'],
};

/** DOMPurify with the chat's rules: what reaches v-html always passes through here. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, SANITIZE);
}

const CACHE_LIMIT = 800;
const cache = new Map<string, string>();
let markedFor: { key: string; marked: Marked } | null = null;

/**
 * Markdown of untrusted model output → HTML that is safe for v-html: marked renders (raw HTML as text), DOMPurify
 * sanitizes the whole result (links, images, the highlighted code blocks). Finished texts are memoized (a long conversation renders
 * each message once); a streaming text changes on every delta, so `memo: false` keeps it out of the cache.
 */
export function renderMarkdown(text: string, labels: MarkdownLabels = DEFAULT_LABELS, options: { memo?: boolean } = {}): string {
  const labelKey = `${labels.copy}\u0001${labels.copyCode}`;
  const key = `${labelKey}\u0000${text}`;
  const memo = options.memo !== false;
  if (memo) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  if (markedFor?.key !== labelKey) markedFor = { key: labelKey, marked: createMarked(labels) };
  const html = sanitizeHtml(markedFor.marked.parse(text, { async: false }));
  if (memo) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, html);
  }
  return html;
}

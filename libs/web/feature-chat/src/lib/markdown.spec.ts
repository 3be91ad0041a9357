import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeHtml } from './markdown';

function dom(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    const root = dom(renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- a\n- b'));
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelectorAll('li')).toHaveLength(2);
  });

  it('shows raw HTML of model output as text: no image with a handler, no script element', () => {
    const root = dom(renderMarkdown('Look <img src=x onerror=alert(1)> here\n\n<script>alert(1)</script>'));
    expect(root.querySelector('img, script, [onerror]')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.textContent).toContain('<script>alert(1)</script>');
  });

  it('strips javascript: links that markdown produces', () => {
    const root = dom(renderMarkdown('[click](javascript:alert(1)) and [ok](https://example.com/)'));
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([null, 'https://example.com/']);
  });

  it('sanitizes HTML: event handlers, scripts and javascript: URLs go, markdown images stay', () => {
    const root = dom(sanitizeHtml('<img src="x" onerror="alert(1)"><script>alert(1)</script><a href="javascript:alert(2)">two</a>'));
    expect(root.querySelector('img')?.getAttributeNames()).toEqual(['src']);
    expect(root.querySelector('script, [onerror]')).toBeNull();
    expect(root.querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(dom(renderMarkdown('![chart](https://example.com/c.png)')).querySelector('img')?.getAttribute('alt')).toBe('chart');
  });

  it('drops inline styles, style sheets, forms and iframes', () => {
    const root = dom(sanitizeHtml('<p style="position:fixed">x</p><style>body{display:none}</style><form action="https://evil"><input></form><iframe src="https://evil"></iframe>'));
    expect(root.querySelector('[style], style, form, input, iframe')).toBeNull();
  });

  it('opens links in a new tab without an opener', () => {
    const link = dom(renderMarkdown('[docs](https://example.com/docs)')).querySelector('a')!;
    expect([link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual(['https://example.com/docs', '_blank', 'noopener noreferrer']);
  });

  it('highlights fenced code with its language label and a copy button, escaping what the code holds', () => {
    const root = dom(renderMarkdown('```ts\nconst a: number = 1; // <b>x</b>\n```', { copy: 'Copiar', copyCode: 'Copiar código' }));
    expect(root.querySelector('.kx-code__lang')?.textContent).toBe('ts');
    expect(root.querySelector('code.hljs.language-ts .hljs-keyword')?.textContent).toBe('const');
    expect(root.querySelector('code b')).toBeNull();
    expect(root.querySelector('code')?.textContent).toContain('<b>x</b>');
    const button = root.querySelector('button[data-kx-copy]')!;
    expect([button.textContent, button.getAttribute('aria-label')]).toEqual(['Copiar', 'Copiar código']);
  });

  it('labels code without a known language as text, unhighlighted', () => {
    const root = dom(renderMarkdown('```\n<img src=x onerror=alert(1)>\n```'));
    expect(root.querySelector('.kx-code__lang')?.textContent).toBe('text');
    expect(root.querySelector('code img')).toBeNull();
    expect(root.querySelector('code')?.textContent?.trim()).toBe('<img src=x onerror=alert(1)>');
  });

  it('memoizes finished texts and can skip the cache for streaming ones', () => {
    const text = 'Same *text* twice';
    expect(renderMarkdown(text)).toBe(renderMarkdown(text));
    expect(renderMarkdown(text, undefined, { memo: false })).toBe(renderMarkdown(text));
  });
});

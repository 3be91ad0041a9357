/** Small, locale-aware formatters of the message footer and chips. */

export function formatSeconds(ms: number, locale: string): string {
  const seconds = ms / 1000;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: seconds < 10 ? 1 : 0 }).format(seconds);
}

export function formatTokens(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: count >= 10_000 ? 'compact' : 'standard', maximumFractionDigits: 1 }).format(count);
}

export function formatCost(usd: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: usd > 0 && usd < 0.01 ? 5 : 4,
  }).format(usd);
}

/** `www.example.com/path` → `example.com`; not a URL → the text itself. */
export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Tool arguments arrive as JSON text; show them indented when they parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

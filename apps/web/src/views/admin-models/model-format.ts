import type { ModelCapability } from '@kipux/contracts';

/** The capabilities the catalog shows as badges, with their icons. */
export const BADGE_CAPABILITIES: ReadonlyArray<{ key: ModelCapability; icon: string }> = [
  { key: 'vision', icon: 'bi-eye' },
  { key: 'functionCalling', icon: 'bi-tools' },
  { key: 'reasoning', icon: 'bi-lightbulb' },
  { key: 'webSearch', icon: 'bi-globe2' },
  { key: 'pdfInput', icon: 'bi-file-earmark-pdf' },
  { key: 'audioInput', icon: 'bi-mic' },
];

/** USD per token → "$1.25" per 1M tokens; '—' when unknown. */
export function pricePerMillion(perToken: number | null | undefined, locale: string): string {
  if (perToken === null || perToken === undefined) return '—';
  const perMillion = Math.round(perToken * 1e6 * 1e6) / 1e6;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(perMillion);
}

/** 1048576 → "1M", 128000 → "128K"; '—' when unknown. */
export function tokenCount(tokens: number | null | undefined, locale: string): string {
  if (tokens === null || tokens === undefined) return '—';
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(tokens);
}

/** Costs of a usage report: amounts under a cent (one answer often costs $0.00004) keep 3 significant digits. */
export function usd(amount: number, locale: string): string {
  const tiny = amount !== 0 && Math.abs(amount) < 0.01;
  return new Intl.NumberFormat(locale, tiny ? { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 } : { style: 'currency', currency: 'USD' }).format(amount);
}

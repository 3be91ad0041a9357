/** embedded / total as a whole percentage, rounded down: "100 %" only once nothing is left. */
export function progressPercent(progress: number, locale: string): string {
  const whole = Math.floor(Math.min(Math.max(progress, 0), 1) * 100) / 100;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(whole);
}

/** A job's payload on one line, cut to `max` characters, for the collapsed view of a failed job. */
export function payloadPreview(payload: unknown, max = 60): string {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The payload in full, indented, for the expanded view. */
export function payloadDetail(payload: unknown): string {
  return JSON.stringify(payload, null, 2) ?? String(payload);
}

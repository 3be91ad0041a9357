import type { UsageRow } from '@kipux/contracts';

export type UsageMetric = 'costUsd' | 'totalTokens';

export const DAY_MS = 86_400_000;

/** A date's UTC day, as the report's `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface ChartSeries {
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
}

/** Every day of the range (empty days included, so gaps show), one series per model. */
export function toSeries(rows: UsageRow[], from: string, to: string, metric: UsageMetric): ChartSeries {
  const labels: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date(`${to}T00:00:00Z`); day = new Date(day.getTime() + DAY_MS)) {
    labels.push(isoDay(day));
  }
  const index = new Map(labels.map((label, i) => [label, i]));
  const byModel = new Map<string, number[]>();
  for (const row of rows) {
    const values = byModel.get(row.model) ?? labels.map(() => 0);
    const at = index.get(row.day);
    if (at !== undefined) values[at] = (values[at] ?? 0) + row[metric];
    byModel.set(row.model, values);
  }
  return { labels, datasets: [...byModel].sort(([a], [b]) => a.localeCompare(b)).map(([label, data]) => ({ label, data })) };
}

import { describe, expect, it } from 'vitest';
import { toSeries } from './usage-chart';

const row = (day: string, model: string, costUsd: number, totalTokens = 0, userEmail?: string) => ({
  day,
  model,
  source: 'chat' as const,
  userEmail,
  messages: 1,
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  totalTokens,
  costUsd,
});

describe('toSeries', () => {
  it('fills every day of the range and stacks one series per model', () => {
    const series = toSeries([row('2026-11-02', 'gpt-4o', 0.5, 10), row('2026-11-02', 'deepseek-v3', 0.1), row('2026-11-04', 'gpt-4o', 0.25)], '2026-11-01', '2026-11-04', 'costUsd');
    expect(series.labels).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    expect(series.datasets).toEqual([
      { label: 'deepseek-v3', data: [0, 0.1, 0, 0] },
      { label: 'gpt-4o', data: [0, 0.5, 0, 0.25] },
    ]);
  });

  it('adds up rows of several users and can chart tokens', () => {
    const series = toSeries([row('2026-11-01', 'gpt-4o', 1, 100, 'a@x.co'), row('2026-11-01', 'gpt-4o', 2, 50, 'b@x.co')], '2026-11-01', '2026-11-01', 'totalTokens');
    expect(series.datasets).toEqual([{ label: 'gpt-4o', data: [150] }]);
  });
});

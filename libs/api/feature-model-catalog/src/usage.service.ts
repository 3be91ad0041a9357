import { Injectable } from '@nestjs/common';
import type { UsageReportDto, UsageRow, UsageTotals } from '@kipux/contracts';
import type { UsageQueryDto } from './dto/usage.dto';
import { UsageErrors } from './usage.exception';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

@Injectable()
export class UsageService {
  constructor(private readonly repository: UsageRepository) {}

  /** Own usage, or everyone's (with rows per user) when `userId` is undefined. */
  async report(query: UsageQueryDto, userId?: string): Promise<UsageReportDto> {
    const { from, to } = resolveRange(query, new Date());
    const rows = await this.repository.summarize({ from, to: new Date(to.getTime() + DAY_MS), userId });
    return { from: isoDay(from), to: isoDay(to), totals: sum(rows), rows };
  }
}

/** Whole UTC days, both ends included; the last 30 days by default. */
export function resolveRange(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(`${query.to}T00:00:00Z`) : new Date(`${isoDay(now)}T00:00:00Z`);
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(to.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  if (from > to) throw UsageErrors.rangeReversed();
  if ((to.getTime() - from.getTime()) / DAY_MS >= MAX_DAYS) throw UsageErrors.rangeTooLong(MAX_DAYS);
  return { from, to };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function sum(rows: UsageRow[]): UsageTotals {
  const totals: UsageTotals = { messages: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0, totalTokens: 0, costUsd: 0 };
  for (const row of rows) {
    for (const key of Object.keys(totals) as Array<keyof UsageTotals>) totals[key] += row[key];
  }
  totals.costUsd = Math.round(totals.costUsd * 1e10) / 1e10;
  return totals;
}

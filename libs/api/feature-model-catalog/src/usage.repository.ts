import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UsageRow } from '@kipux/contracts';
import { DataSource } from 'typeorm';

export interface UsageFilter {
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only this user's messages; all users (and rows per user) when undefined. */
  userId?: string;
}

interface RawUsageRow {
  day: string;
  model: string;
  user_id?: string;
  user_email?: string;
  messages: string;
  prompt_tokens: string;
  completion_tokens: string;
  reasoning_tokens: string;
  cached_tokens: string;
  total_tokens: string;
  cost_usd: string;
}

const tokens = (field: string) => `coalesce(sum((m.usage ->> '${field}')::bigint), 0)`;

/**
 * Usage summed from the chat's `messages` (assistant messages that reported usage), per UTC day and
 * model, owned through `conversations.user_id`. Messages of deleted conversations still count: they were billed.
 */
@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summarize(filter: UsageFilter): Promise<UsageRow[]> {
    const perUser = filter.userId === undefined;
    const params: unknown[] = [filter.from, filter.to];
    if (!perUser) params.push(filter.userId);
    const rows = (await this.dataSource.query(
      `SELECT to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              coalesce(m.model, 'unknown') AS model,
              ${perUser ? 'c.user_id AS user_id, u.email AS user_email,' : ''}
              count(*) AS messages,
              ${tokens('promptTokens')} AS prompt_tokens,
              ${tokens('completionTokens')} AS completion_tokens,
              ${tokens('reasoningTokens')} AS reasoning_tokens,
              ${tokens('cachedTokens')} AS cached_tokens,
              ${tokens('totalTokens')} AS total_tokens,
              coalesce(sum(m.cost_usd), 0) AS cost_usd
         FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         ${perUser ? 'JOIN users u ON u.id = c.user_id' : ''}
        WHERE m.role = 'assistant' AND m.usage IS NOT NULL
          AND m.created_at >= $1 AND m.created_at < $2
          ${perUser ? '' : 'AND c.user_id = $3'}
        GROUP BY 1, 2${perUser ? ', 3, 4' : ''}
        ORDER BY 1, 2${perUser ? ', 4' : ''}`,
      params,
    )) as RawUsageRow[];
    return rows.map((row) => ({
      day: row.day,
      model: row.model,
      ...(perUser ? { userId: row.user_id, userEmail: row.user_email } : {}),
      messages: Number(row.messages),
      promptTokens: Number(row.prompt_tokens),
      completionTokens: Number(row.completion_tokens),
      reasoningTokens: Number(row.reasoning_tokens),
      cachedTokens: Number(row.cached_tokens),
      totalTokens: Number(row.total_tokens),
      costUsd: Number(row.cost_usd),
    }));
  }
}

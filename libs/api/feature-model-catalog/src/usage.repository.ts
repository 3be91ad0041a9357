import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UsageRow, UsageSource } from '@kipux/contracts';
import { DataSource } from 'typeorm';

export interface UsageFilter {
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only this user's usage; all users (and rows per user) when undefined. */
  userId?: string;
}

interface RawUsageRow {
  day: string;
  model: string;
  source: UsageSource;
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

const chatTokens = (field: string) => `coalesce((m.usage ->> '${field}')::bigint, 0)`;

/**
 * One row per billed request: the chat's assistant messages that reported usage (owned through
 * `conversations.user_id`; deleted conversations still count, they were billed) and the `/v1` API calls
 * the OpenAI-compatible module records in `api_usage`.
 */
const BILLED_REQUESTS = `
  SELECT 'chat' AS source, c.user_id, coalesce(m.model, 'unknown') AS model, m.created_at,
         ${chatTokens('promptTokens')} AS prompt_tokens, ${chatTokens('completionTokens')} AS completion_tokens,
         ${chatTokens('reasoningTokens')} AS reasoning_tokens, ${chatTokens('cachedTokens')} AS cached_tokens,
         ${chatTokens('totalTokens')} AS total_tokens, m.cost_usd
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id
   WHERE m.role = 'assistant' AND m.usage IS NOT NULL
  UNION ALL
  SELECT 'api', a.user_id, a.model, a.created_at, a.prompt_tokens, a.completion_tokens, a.reasoning_tokens,
         a.cached_tokens, a.total_tokens, a.cost_usd
    FROM api_usage a`;

/** Usage summed per UTC day, model and source (and user, for the admin report). */
@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summarize(filter: UsageFilter): Promise<UsageRow[]> {
    const perUser = filter.userId === undefined;
    const params: unknown[] = [filter.from, filter.to];
    if (!perUser) params.push(filter.userId);
    const rows = (await this.dataSource.query(
      `SELECT to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, r.model, r.source,
              ${perUser ? 'r.user_id, u.email AS user_email,' : ''}
              count(*) AS messages,
              sum(r.prompt_tokens) AS prompt_tokens,
              sum(r.completion_tokens) AS completion_tokens,
              sum(r.reasoning_tokens) AS reasoning_tokens,
              sum(r.cached_tokens) AS cached_tokens,
              sum(r.total_tokens) AS total_tokens,
              coalesce(sum(r.cost_usd), 0) AS cost_usd
         FROM (${BILLED_REQUESTS}) r
         ${perUser ? 'JOIN users u ON u.id = r.user_id' : ''}
        WHERE r.created_at >= $1 AND r.created_at < $2
          ${perUser ? '' : 'AND r.user_id = $3'}
        GROUP BY 1, 2, 3${perUser ? ', 4, 5' : ''}
        ORDER BY 1, 2, 3${perUser ? ', 5' : ''}`,
      params,
    )) as RawUsageRow[];
    return rows.map((row) => ({
      day: row.day,
      model: row.model,
      source: row.source,
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

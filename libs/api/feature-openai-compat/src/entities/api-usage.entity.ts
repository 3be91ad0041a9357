import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ApiEndpoint = 'chat.completions' | 'embeddings';
export type ApiCallStatus = 'ok' | 'error' | 'aborted';

/** One /v1 call that reached the model provider. */
@Entity('api_usage')
export class ApiUsageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'api_key_id' })
  apiKeyId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  endpoint: ApiEndpoint;

  @Column('text')
  model: string;

  @Column('boolean')
  stream: boolean;

  @Column('text')
  status: ApiCallStatus;

  @Column('integer', { name: 'prompt_tokens' })
  promptTokens: number;

  @Column('integer', { name: 'completion_tokens' })
  completionTokens: number;

  @Column('integer', { name: 'reasoning_tokens' })
  reasoningTokens: number;

  @Column('integer', { name: 'cached_tokens' })
  cachedTokens: number;

  @Column('integer', { name: 'total_tokens' })
  totalTokens: number;

  /** numeric comes back from the driver as a string; parsed on the way out. */
  @Column('numeric', { name: 'cost_usd', nullable: true, precision: 20, scale: 12, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  costUsd: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

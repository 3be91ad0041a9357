import type { ApiKeyDto } from '@kipux/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  name: string;

  /** The first characters of the secret (`kpx_` + 8), enough to recognise a key in a list. */
  @Column('text')
  prefix: string;

  /** SHA-256 (hex) of the whole secret. */
  @Column('text')
  hash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}

/** Usage totals of a key, from api_usage. */
export interface ApiKeyTotals {
  requests: number;
  totalTokens: number;
  costUsd: number;
}

export function toApiKeyDto(key: ApiKeyEntity, totals: ApiKeyTotals): ApiKeyDto {
  return {
    ...totals,
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

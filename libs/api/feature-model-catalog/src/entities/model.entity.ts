import type { AdminModelDto, ModelCapabilities, ModelDto, ModelPrices, ModelSource } from '@kipux/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A catalog row: what LiteLLM says about a model (overwritten by each sync) plus the admin's choices (never). */
@Entity('models')
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'litellm_model_id', nullable: true })
  litellmModelId: string | null;

  @Column('text', { nullable: true })
  provider: string | null;

  @Column('text')
  mode: string;

  /** Admin's override; `null` shows the name. */
  @Column('text', { name: 'display_name', nullable: true })
  displayName: string | null;

  /** Admin's override; `null` shows `upstreamDescription`. */
  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { name: 'upstream_description', nullable: true })
  upstreamDescription: string | null;

  @Column('jsonb')
  capabilities: ModelCapabilities;

  @Column('jsonb')
  prices: ModelPrices;

  @Column('integer', { name: 'max_input_tokens', nullable: true })
  maxInputTokens: number | null;

  @Column('integer', { name: 'max_output_tokens', nullable: true })
  maxOutputTokens: number | null;

  @Column('jsonb', { name: 'supported_openai_params' })
  supportedOpenaiParams: string[];

  @Column('text', { name: 'credential_name', nullable: true })
  credentialName: string | null;

  @Column('text', { name: 'api_base', nullable: true })
  apiBase: string | null;

  @Column('boolean')
  enabled: boolean;

  @Column('boolean', { name: 'is_default' })
  isDefault: boolean;

  @Column('boolean')
  available: boolean;

  @Column('text')
  source: ModelSource;

  @Column('boolean', { name: 'enriched_from_bundle' })
  enrichedFromBundle: boolean;

  @Column('jsonb')
  raw: Record<string, unknown>;

  @Column('timestamptz', { name: 'last_synced_at', nullable: true })
  lastSyncedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toModelDto(model: ModelEntity, isDefault = model.isDefault): ModelDto {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName ?? model.name,
    description: model.description ?? model.upstreamDescription,
    provider: model.provider,
    mode: model.mode,
    capabilities: model.capabilities,
    maxInputTokens: model.maxInputTokens,
    maxOutputTokens: model.maxOutputTokens,
    isDefault,
  };
}

export function toAdminModelDto(model: ModelEntity): AdminModelDto {
  return {
    ...toModelDto(model),
    litellmModelId: model.litellmModelId,
    enabled: model.enabled,
    available: model.available,
    prices: model.prices,
    supportedOpenaiParams: model.supportedOpenaiParams,
    credentialName: model.credentialName,
    apiBase: model.apiBase,
    source: model.source,
    enrichedFromBundle: model.enrichedFromBundle,
    lastSyncedAt: model.lastSyncedAt?.toISOString() ?? null,
    raw: model.raw,
  };
}

import type { ModelSource, ModelSyncResultDto } from '@kipux/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One catalog sync, kept so every instance can show the last result. */
@Entity('model_sync_runs')
export class ModelSyncRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  source: ModelSource;

  @Column('boolean')
  ok: boolean;

  @Column('integer')
  added: number;

  @Column('integer')
  updated: number;

  @Column('integer', { name: 'marked_unavailable' })
  markedUnavailable: number;

  @Column('integer')
  total: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at' })
  finishedAt: Date;
}

export function toSyncResultDto(run: ModelSyncRunEntity): ModelSyncResultDto {
  return {
    source: run.source,
    ok: run.ok,
    added: run.added,
    updated: run.updated,
    markedUnavailable: run.markedUnavailable,
    total: run.total,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { AdminModelListQuery } from '@kipux/contracts';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { CatalogEntry } from './catalog-deployment';
import { ModelSyncRunEntity } from './entities/model-sync-run.entity';
import { ModelEntity } from './entities/model.entity';

export interface SyncCounts {
  added: number;
  updated: number;
  markedUnavailable: number;
}

/** Modes a person can chat with; the rest (embeddings, images, audio) never reach the picker. */
export const CHAT_MODES = ['chat', 'responses'];

const SORT_COLUMNS: Record<NonNullable<AdminModelListQuery['sort']>, string> = {
  name: 'lower(m.name)',
  provider: 'lower(m.provider)',
  priceIn: "(m.prices->>'inputPerToken')::float8",
  priceOut: "(m.prices->>'outputPerToken')::float8",
  context: 'm.max_input_tokens',
};

/** All catalog SQL. */
@Injectable()
export class ModelCatalogRepository {
  constructor(
    @InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>,
    @InjectRepository(ModelSyncRunEntity) private readonly runs: Repository<ModelSyncRunEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<ModelEntity | null> {
    return this.models.findOneBy({ id });
  }

  findByName(name: string): Promise<ModelEntity | null> {
    return this.models.findOneBy({ name });
  }

  /** Enabled, available chat models: the admin's default first, then by display name. */
  listPickable(): Promise<ModelEntity[]> {
    return this.models
      .createQueryBuilder('m')
      .where('m.enabled AND m.available AND m.mode IN (:...modes)', { modes: CHAT_MODES })
      .orderBy('m.is_default', 'DESC')
      .addOrderBy('lower(coalesce(m.display_name, m.name))', 'ASC')
      .getMany();
  }

  list(query: AdminModelListQuery): Promise<ModelEntity[]> {
    const builder = this.models.createQueryBuilder('m');
    if (query.q) {
      builder.andWhere('(m.name ILIKE :q OR m.display_name ILIKE :q OR m.provider ILIKE :q OR m.description ILIKE :q OR m.upstream_description ILIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    if (query.provider) builder.andWhere('m.provider = :provider', { provider: query.provider });
    if (query.mode) builder.andWhere('m.mode = :mode', { mode: query.mode });
    // The capability name is checked against MODEL_CAPABILITIES by the DTO; still passed as a parameter.
    if (query.capability) builder.andWhere(`(m.capabilities ->> :capability)::boolean IS TRUE`, { capability: query.capability });
    if (query.enabled !== undefined) builder.andWhere('m.enabled = :enabled', { enabled: query.enabled });
    if (query.available !== undefined) builder.andWhere('m.available = :available', { available: query.available });
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    // Unknown prices and limits go last either way.
    builder.orderBy(SORT_COLUMNS[query.sort ?? 'name'], direction, 'NULLS LAST');
    return builder.addOrderBy('m.name', 'ASC').getMany();
  }

  async update(id: string, changes: Partial<Pick<ModelEntity, 'enabled' | 'displayName' | 'description'>>, isDefault?: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Clearing the old default first keeps `models_single_default` satisfied.
      if (isDefault === true) await manager.update(ModelEntity, { isDefault: true }, { isDefault: false });
      const patch = { ...changes, ...(isDefault === undefined ? {} : { isDefault }) };
      if (Object.keys(patch).length) await manager.update(ModelEntity, { id }, patch);
    });
  }

  /**
   * Upserts the source's entries in one transaction; rows the source no longer lists stay, marked
   * unavailable. New chat models start enabled, other modes disabled; admin choices are never touched.
   */
  applySync(entries: CatalogEntry[], source: ModelEntity['source'], syncedAt: Date): Promise<SyncCounts> {
    return this.dataSource.transaction(async (manager) => {
      // Serializes concurrent syncs (e.g. two instances without Redis sharing one PostgreSQL).
      await manager.query('LOCK TABLE models IN SHARE ROW EXCLUSIVE MODE');
      const existing = new Map((await manager.find(ModelEntity)).map((model) => [model.name, model]));
      const counts: SyncCounts = { added: 0, updated: 0, markedUnavailable: 0 };
      for (const entry of entries) {
        const synced = { ...entry, source, available: true, lastSyncedAt: syncedAt };
        const current = existing.get(entry.name);
        if (current) {
          await manager.save(Object.assign(current, synced));
          counts.updated += 1;
        } else {
          await manager.save(manager.create(ModelEntity, { ...synced, enabled: CHAT_MODES.includes(entry.mode), isDefault: false, displayName: null, description: null }));
          counts.added += 1;
        }
      }
      const listed = new Set(entries.map((entry) => entry.name));
      const vanished = [...existing.values()].filter((model) => model.available && !listed.has(model.name));
      if (vanished.length) {
        await manager.update(ModelEntity, vanished.map((model) => model.id), { available: false });
        counts.markedUnavailable = vanished.length;
      }
      return counts;
    });
  }

  async recordRun(run: Omit<ModelSyncRunEntity, 'id'>, manager: EntityManager = this.dataSource.manager): Promise<ModelSyncRunEntity> {
    return manager.save(manager.create(ModelSyncRunEntity, run));
  }

  lastRun(): Promise<ModelSyncRunEntity | null> {
    return this.runs.createQueryBuilder('r').orderBy('r.finished_at', 'DESC').limit(1).getOne();
  }

  lastSuccessfulRun(): Promise<ModelSyncRunEntity | null> {
    return this.runs.createQueryBuilder('r').where('r.ok').orderBy('r.finished_at', 'DESC').limit(1).getOne();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

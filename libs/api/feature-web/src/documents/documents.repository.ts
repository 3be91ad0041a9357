import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { MoreThan, type Repository } from 'typeorm';
import { DocumentEntity } from './document.entity';

export interface NewDocument {
  url: string;
  finalUrl: string;
  title: string;
  content: string;
  truncated: boolean;
  fetchedAt: Date;
}

/** All SQL of the documents table. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>) {}

  /** The page read from `url` after `since`, if any. */
  findFresh(url: string, since: Date): Promise<DocumentEntity | null> {
    return this.documents.findOne({ where: { url, fetchedAt: MoreThan(since) } });
  }

  /** Stores a page read, replacing an older reading of the same URL. */
  async save(document: NewDocument): Promise<DocumentEntity> {
    const contentHash = createHash('sha256').update(document.content).digest('hex');
    const [row] = (await this.documents.query(
      `INSERT INTO documents (url, final_url, title, content, content_hash, truncated, fetched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (url) DO UPDATE SET final_url = EXCLUDED.final_url, title = EXCLUDED.title, content = EXCLUDED.content,
         content_hash = EXCLUDED.content_hash, truncated = EXCLUDED.truncated, fetched_at = EXCLUDED.fetched_at, updated_at = now()
       RETURNING id`,
      [document.url, document.finalUrl, document.title, document.content, contentHash, document.truncated, document.fetchedAt],
    )) as Array<{ id: string }>;
    return (await this.documents.findOneByOrFail({ id: row!.id }));
  }
}

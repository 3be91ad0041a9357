import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A page a tool read, as markdown (see the documents migration). */
@Entity('documents')
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The URL as asked for (the cache key). */
  @Column('text')
  url: string;

  /** Where it was read from, after redirects. */
  @Column('text', { name: 'final_url' })
  finalUrl: string;

  @Column('text')
  title: string;

  /** The main content as markdown, whole (the reading budget applies when it is given to a model). */
  @Column('text')
  content: string;

  /** SHA-256 of `content`, hex. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  /** The page was larger than the fetch size limit; `content` is its beginning. */
  @Column('boolean')
  truncated: boolean;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

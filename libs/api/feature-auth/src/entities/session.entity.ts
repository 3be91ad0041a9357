import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Embedded-mode session row. `id` is the SHA-256 of the cookie token, never the token itself. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'csrf_token' })
  csrfToken: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

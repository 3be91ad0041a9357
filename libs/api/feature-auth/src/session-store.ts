import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RedisService } from '@kipux/api/redis';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { SessionEntity } from './entities/session.entity';

export interface Session {
  /** Hash of the token: safe to log and to store. */
  id: string;
  userId: string;
  csrfToken: string;
}

export interface NewSession extends Session {
  /** The secret that goes into the cookie; only its hash is stored. */
  token: string;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Where sessions live: Redis in full mode, the database in embedded mode. */
export abstract class SessionStore {
  abstract create(userId: string, ttlSeconds: number): Promise<NewSession>;
  abstract findByToken(token: string): Promise<Session | null>;
  abstract destroy(id: string): Promise<void>;
  abstract destroyAllForUser(userId: string): Promise<void>;

  protected newSession(userId: string): NewSession {
    const token = newToken();
    return { token, id: hashToken(token), userId, csrfToken: newToken() };
  }
}

@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: RedisService) {
    super();
  }

  async create(userId: string, ttlSeconds: number): Promise<NewSession> {
    const session = this.newSession(userId);
    const { token: _token, ...stored } = session;
    await this.redis.client
      .multi()
      .set(this.redis.key('session', session.id), JSON.stringify(stored), 'EX', ttlSeconds)
      .sadd(this.userKey(userId), session.id)
      .expire(this.userKey(userId), ttlSeconds)
      .exec();
    return session;
  }

  async findByToken(token: string): Promise<Session | null> {
    const raw = await this.redis.client.get(this.redis.key('session', hashToken(token)));
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  async destroy(id: string): Promise<void> {
    const raw = await this.redis.client.get(this.redis.key('session', id));
    const multi = this.redis.client.multi().del(this.redis.key('session', id));
    if (raw) multi.srem(this.userKey((JSON.parse(raw) as Session).userId), id);
    await multi.exec();
  }

  async destroyAllForUser(userId: string): Promise<void> {
    const ids = await this.redis.client.smembers(this.userKey(userId));
    await this.redis.client
      .multi()
      .del(...ids.map((id) => this.redis.key('session', id)), this.userKey(userId))
      .exec();
  }

  private userKey(userId: string): string {
    return this.redis.key('user-sessions', userId);
  }
}

@Injectable()
export class DatabaseSessionStore extends SessionStore {
  constructor(@InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>) {
    super();
  }

  async create(userId: string, ttlSeconds: number): Promise<NewSession> {
    const session = this.newSession(userId);
    // Expired rows are removed on the way, so the table never grows without bound.
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    await this.sessions.insert({ id: session.id, userId, csrfToken: session.csrfToken, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
    return session;
  }

  async findByToken(token: string): Promise<Session | null> {
    const row = await this.sessions.findOneBy({ id: hashToken(token) });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    return { id: row.id, userId: row.userId, csrfToken: row.csrfToken };
  }

  async destroy(id: string): Promise<void> {
    await this.sessions.delete({ id });
  }

  async destroyAllForUser(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Role, UserSettings } from '@kipux/contracts';
import { DataSource, Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';

export interface NewUser {
  email: string;
  name: string;
  phone: string | null;
  passwordHash: string;
}

/** All user SQL. Emails are stored lower-case; uniqueness is enforced by `users_email_key`. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** The first user ever becomes admin; the table lock makes two simultaneous first sign-ups safe. */
  create(user: NewUser): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const role: Role = (await manager.count(UserEntity)) === 0 ? 'admin' : 'user';
      const entity = manager.create(UserEntity, {
        ...user,
        email: user.email.toLowerCase(),
        role,
        disabled: false,
        settings: {},
        failedLoginCount: 0,
      });
      return manager.save(entity);
    });
  }

  async recordFailedLogin(id: string, maxFailures: number, lockSeconds: number): Promise<{ lockedUntil: Date | null }> {
    // One statement, so concurrent wrong passwords cannot undercount.
    const [rows] = (await this.dataSource.query(
      `UPDATE users SET
         failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
         locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
       WHERE id = $1
       RETURNING locked_until`,
      [id, maxFailures, lockSeconds],
    )) as [Array<{ locked_until: Date | null }>, number];
    return { lockedUntil: rows[0]?.locked_until ?? null };
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await this.users.update({ id }, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() });
  }

  async updateSettings(id: string, settings: UserSettings): Promise<UserSettings> {
    await this.users.update({ id }, { settings });
    return settings;
  }

  async update(id: string, changes: { role?: Role; disabled?: boolean }): Promise<void> {
    await this.users.update({ id }, changes);
  }

  list(query: { q?: string; limit: number; offset: number }): Promise<[UserEntity[], number]> {
    const builder = this.users.createQueryBuilder('u').orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').take(query.limit).skip(query.offset);
    if (query.q) builder.where('(u.email ILIKE :q OR u.name ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return builder.getManyAndCount();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

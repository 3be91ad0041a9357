import { Injectable } from '@nestjs/common';
import { AppException } from '@kipux/api/http';
import type { AdminUpdateUserRequest, Page, UserDto, UserSettings } from '@kipux/contracts';
import { AuthErrors } from './auth.exception';
import type { ListUsersQueryDto } from './dto/admin-users.dto';
import { toUserDto } from './entities/user.entity';
import { SessionStore } from './session-store';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionStore,
  ) {}

  async getSettings(userId: string): Promise<UserSettings> {
    return (await this.requireUser(userId)).settings;
  }

  /** Merges the given fields; `null` clears a nullable one. */
  async updateSettings(userId: string, changes: UserSettings): Promise<UserSettings> {
    const user = await this.requireUser(userId);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return this.users.updateSettings(userId, { ...user.settings, ...defined });
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const [rows, total] = await this.users.list(query);
    return { items: rows.map(toUserDto), total, limit: query.limit, offset: query.offset };
  }

  async adminUpdate(actingUserId: string, userId: string, changes: AdminUpdateUserRequest): Promise<UserDto> {
    if (actingUserId === userId) throw AuthErrors.cannotModifySelf();
    await this.requireUser(userId);
    await this.users.update(userId, changes);
    if (changes.disabled) await this.sessions.destroyAllForUser(userId);
    return toUserDto(await this.requireUser(userId));
  }

  private async requireUser(userId: string) {
    const user = await this.users.findById(userId);
    if (!user) throw AppException.notFound('User');
    return user;
  }
}

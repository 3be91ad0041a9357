import type { UserSettings } from '@kipux/contracts';
import type { UserEntity } from './entities/user.entity';
import type { SessionStore } from './session-store';
import type { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

function fakeUser(overrides: Partial<UserEntity> = {}): UserEntity {
  return {
    id: 'u1',
    email: 'a@x.io',
    name: 'A',
    phone: null,
    passwordHash: '$2a$04$hash',
    role: 'user',
    disabled: false,
    settings: {},
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

function setup(user = fakeUser()) {
  const store = new Map([[user.id, user]]);
  const repository = {
    findById: async (id: string) => store.get(id) ?? null,
    updateSettings: async (id: string, settings: UserSettings) => {
      (store.get(id) as UserEntity).settings = settings;
      return settings;
    },
    update: async (id: string, changes: Partial<UserEntity>) => Object.assign(store.get(id) as UserEntity, changes),
  } as unknown as UsersRepository;
  const destroyed: string[] = [];
  const sessions = { destroyAllForUser: async (id: string) => void destroyed.push(id) } as unknown as SessionStore;
  return { service: new UsersService(repository, sessions), destroyed };
}

describe('UsersService', () => {
  it('merges settings, ignoring absent fields and clearing nulls', async () => {
    const { service } = setup(fakeUser({ settings: { locale: 'es', temperature: 1 } }));
    await service.updateSettings('u1', { theme: 'dark', locale: undefined });
    expect(await service.updateSettings('u1', { temperature: null })).toEqual({ locale: 'es', theme: 'dark', temperature: null });
  });

  it('disabling a user ends their sessions; the answer never carries the hash', async () => {
    const { service, destroyed } = setup();
    const updated = await service.adminUpdate('admin', 'u1', { disabled: true });
    expect(updated.disabled).toBe(true);
    expect(destroyed).toEqual(['u1']);
    expect(JSON.stringify(updated)).not.toContain('$2a$');
  });

  it('refuses self-modification and unknown users', async () => {
    const { service } = setup();
    await expect(service.adminUpdate('u1', 'u1', { role: 'admin' })).rejects.toMatchObject({ code: 'cannot_modify_self', status: 400 });
    await expect(service.adminUpdate('admin', 'nobody', { role: 'admin' })).rejects.toMatchObject({ status: 404 });
  });
});

export * from './lib/api-client';
export * from './lib/api-error';
export * from './lib/api';
export type { AdminUsersApi, UserListQuery } from './lib/admin-users-api';
export * from './lib/local-preferences';
export * from './lib/session.store';
export * from './lib/settings.store';
export * from './lib/admin-users.store';

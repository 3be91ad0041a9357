import type { AdminUpdateUserRequest, Page, UserDto } from '@kipux/contracts';
import type { ApiClient } from './api-client';

export interface UserListQuery {
  limit: number;
  offset: number;
  q?: string;
}

export function createAdminUsersApi(client: ApiClient) {
  return {
    list: (query: UserListQuery) => client.get<Page<UserDto>>('/api/admin/users', { query: { ...query } }),
    update: (id: string, patch: AdminUpdateUserRequest) =>
      client.patch<UserDto>(`/api/admin/users/${encodeURIComponent(id)}`, patch),
  };
}

export type AdminUsersApi = ReturnType<typeof createAdminUsersApi>;

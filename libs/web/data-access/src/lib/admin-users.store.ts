import type { AdminUpdateUserRequest, UserDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from './api';
import { latestRequest } from './latest-request';

export const ADMIN_USERS_PAGE_SIZE = 20;

/** One page of the admin user list, with its search and paging state. */
export const useAdminUsersStore = defineStore('adminUsers', () => {
  const items = ref<UserDto[]>([]);
  const total = ref(0);
  const offset = ref(0);
  const query = ref('');
  const loading = ref(false);
  // Typing fast fires several searches; only the newest answer may land.
  const latest = latestRequest(loading);

  function load(): Promise<void> {
    return latest.run(
      () => api.adminUsers.list({ limit: ADMIN_USERS_PAGE_SIZE, offset: offset.value, q: query.value.trim() || undefined }),
      (page) => {
        items.value = page.items;
        total.value = page.total;
      },
    );
  }

  async function search(text: string): Promise<void> {
    query.value = text;
    offset.value = 0;
    await load();
  }

  async function goTo(nextOffset: number): Promise<void> {
    offset.value = nextOffset;
    await load();
  }

  async function update(id: string, patch: AdminUpdateUserRequest): Promise<UserDto> {
    const updated = await api.adminUsers.update(id, patch);
    items.value = items.value.map((user) => (user.id === id ? updated : user));
    return updated;
  }

  return { items, total, offset, query, loading, limit: ADMIN_USERS_PAGE_SIZE, load, search, goTo, update };
});

import type { ConversationDto, UpdateConversationRequest } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { chatApi } from './chat-api.instance';
import { latestRequest } from './latest-request';

export const CONVERSATIONS_PAGE_SIZE = 100;

/** Pinned first, then the most recently updated (the server's order, kept while events update entries). */
function byPinnedThenRecent(a: ConversationDto, b: ConversationDto): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** The sidebar's conversation list, with its title filter. */
export const useConversationsStore = defineStore('conversations', () => {
  const all = ref<ConversationDto[]>([]);
  const total = ref(0);
  const query = ref('');
  const loading = ref(false);
  const loaded = ref(false);
  const latest = latestRequest(loading);

  const items = computed(() => [...all.value].sort(byPinnedThenRecent));

  function load(): Promise<void> {
    return latest.run(
      () => chatApi.listConversations({ q: query.value.trim() || undefined, limit: CONVERSATIONS_PAGE_SIZE }),
      (page) => {
        all.value = page.items;
        total.value = page.total;
        loaded.value = true;
      },
    );
  }

  async function search(text: string): Promise<void> {
    query.value = text;
    await load();
  }

  /** Adds or refreshes one conversation (created, renamed by an event, ...) without reloading the list. */
  function upsert(conversation: ConversationDto): void {
    const matches = !query.value.trim() || (conversation.title ?? '').toLowerCase().includes(query.value.trim().toLowerCase());
    const others = all.value.filter((c) => c.id !== conversation.id);
    all.value = matches && !conversation.archived ? [conversation, ...others] : others;
  }

  async function create(): Promise<ConversationDto> {
    const conversation = await chatApi.createConversation();
    upsert(conversation);
    return conversation;
  }

  async function update(id: string, patch: UpdateConversationRequest): Promise<ConversationDto> {
    const updated = await chatApi.updateConversation(id, patch);
    upsert(updated);
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await chatApi.deleteConversation(id);
    all.value = all.value.filter((c) => c.id !== id);
  }

  function reset(): void {
    all.value = [];
    total.value = 0;
    query.value = '';
    loaded.value = false;
  }

  return { items, total, query, loading, loaded, load, search, upsert, create, update, remove, reset };
});

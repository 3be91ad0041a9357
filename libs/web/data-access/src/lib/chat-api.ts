import type {
  ConversationDto,
  ConversationMessagesDto,
  CreateConversationRequest,
  ListConversationsQuery,
  MessageDto,
  ModelDto,
  Page,
  RegenerateRequest,
  SendMessageRequest,
  SendMessageResponse,
  ToolkitDto,
  UpdateConversationRequest,
} from '@kipux/contracts';
import type { ApiClient } from './api-client';

const enc = encodeURIComponent;

export function createChatApi(client: ApiClient) {
  return {
    listConversations: (query: ListConversationsQuery = {}) => client.get<Page<ConversationDto>>('/api/conversations', { query: { ...query } }),
    createConversation: (body: CreateConversationRequest = {}) => client.post<ConversationDto>('/api/conversations', body),
    getConversation: (id: string) => client.get<ConversationDto>(`/api/conversations/${enc(id)}`),
    updateConversation: (id: string, patch: UpdateConversationRequest) => client.patch<ConversationDto>(`/api/conversations/${enc(id)}`, patch),
    deleteConversation: (id: string) => client.delete<void>(`/api/conversations/${enc(id)}`),
    listMessages: (id: string, leafId?: string) =>
      client.get<ConversationMessagesDto>(`/api/conversations/${enc(id)}/messages`, { query: { leafId } }),
    sendMessage: (id: string, body: SendMessageRequest) => client.post<SendMessageResponse>(`/api/conversations/${enc(id)}/messages`, body),
    stop: (messageId: string) => client.post<MessageDto>(`/api/messages/${enc(messageId)}/stop`),
    regenerate: (messageId: string, body: RegenerateRequest = {}) => client.post<MessageDto>(`/api/messages/${enc(messageId)}/regenerate`, body),
    toolkits: () => client.get<ToolkitDto[]>('/api/chat/tools'),
    listModels: () => client.get<ModelDto[]>('/api/models'),
    /** Same-origin URL of a turn's SSE stream (EventSource sends the session cookie; GETs need no CSRF). */
    eventsUrl: (messageId: string) => `/api/messages/${enc(messageId)}/events`,
  };
}

export type ChatApi = ReturnType<typeof createChatApi>;

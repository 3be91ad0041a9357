import { apiClient } from './api-client';
import { createChatApi } from './chat-api';

/** The chat endpoints over the shared client (its own module so the chat stores do not pull in every API). */
export const chatApi = createChatApi(apiClient);

import type { RouteRecordRaw } from 'vue-router';
import './lib/chat.css';

export { default as ConversationList } from './lib/ConversationList.vue';
export { chatErrorHandlerKey, type ChatErrorHandler } from './lib/error-handler';

/** Children of the app layout's `/` route: a new chat and a conversation (the view loads lazily). */
export const chatRoutes: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('./lib/ChatView.vue'), meta: { title: 'nav.chats' } },
  { path: 'c/:id', name: 'chat', component: () => import('./lib/ChatView.vue'), meta: { title: 'nav.chats' } },
];

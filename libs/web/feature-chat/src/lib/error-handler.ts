import type { InjectionKey } from 'vue';

/** Shows a failed action to the user (the app provides its translated SweetAlert2 dialog). */
export type ChatErrorHandler = (error: unknown, title?: string) => Promise<void>;

export const chatErrorHandlerKey: InjectionKey<ChatErrorHandler> = Symbol('chatErrorHandler');

import { Injectable, Logger } from '@nestjs/common';
import type { MessageDto } from '@kipux/contracts';

export type StoredMessageListener = (message: MessageDto, context: { userId: string }) => void | Promise<void>;

/**
 * Lets other modules react to chat messages without reaching into the chat (e.g. embedding them for search):
 * listeners hear each user message once stored, and each assistant and tool message once final.
 * A failing listener is logged and never affects the chat.
 */
@Injectable()
export class ChatHooks {
  private readonly logger = new Logger('ChatHooks');
  private readonly listeners: StoredMessageListener[] = [];

  onMessageStored(listener: StoredMessageListener): void {
    this.listeners.push(listener);
  }

  messageStored(message: MessageDto, userId: string): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(message, { userId }))
        .catch((error: unknown) => this.logger.warn(`A listener failed on message ${message.id}: ${(error as Error).message}`));
    }
  }
}

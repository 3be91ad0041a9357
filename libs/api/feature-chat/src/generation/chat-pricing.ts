import type { Usage } from '@kipux/contracts';

/**
 * What a generation cost in USD, from the model catalog's prices. A port so the chat does not depend on
 * the catalog's insides: the catalog provides it, and without one costs stay unknown (null).
 */
export abstract class ChatPricing {
  abstract costOf(model: string, usage: Usage): number | null | Promise<number | null>;
}

export class UnknownChatPricing extends ChatPricing {
  costOf(): null {
    return null;
  }
}

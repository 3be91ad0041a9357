import type { Usage } from '@kipux/contracts';

/** What a turn needs to know of its model, looked up once per turn. */
export interface ChatModelFacts {
  /** The provider behind the model name (e.g. `openai` for `gpt-4o`); null when the catalog does not know it. */
  provider: string | null;
  /** False when the catalog knows the model cannot call functions (unknown models are assumed able to). */
  supportsTools: boolean;
  /** Most input tokens the model takes; null when the catalog does not know (then nothing is left out). */
  contextWindow: number | null;
}

/** The facts of a model the catalog does not know (or could not be asked about). */
export const UNKNOWN_MODEL_FACTS: ChatModelFacts = { provider: null, supportsTools: true, contextWindow: null };

/**
 * What the chat needs from the model catalog: prices, the default model, what a model can do. A port, so the chat depends on
 * the catalog's public service only in `ChatModule`'s wiring, and services are testable without it.
 */
export abstract class ChatModelCatalog {
  /** USD cost of a request with this usage; null when the model or its prices are unknown. */
  abstract costOf(model: string, usage: Usage): Promise<number | null>;
  /** The model to use when neither the request, the conversation nor the user's settings name one. */
  abstract defaultModel(): Promise<string | null>;
  /** What the catalog knows of a model; `UNKNOWN_MODEL_FACTS` when it does not know it. */
  abstract factsOf(model: string): Promise<ChatModelFacts>;
}

export { LlmClient, LLM_CLIENT_OPTIONS, openAiBaseUrl, type ChatEventsOptions, type ChatStreamEvent, type EmbedOptions, type LlmCallOptions, type LlmClientOptions } from './llm.client';
export { LlmError, LlmErrorCode } from './llm.exception';
export { LlmModule } from './llm.module';
export * from './llm.types';
export { StreamAccumulator, toUsage, type AccumulatedMessage, type StreamDelta } from './stream-accumulator';

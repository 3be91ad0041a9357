import type { Json } from './completion.builder';

export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ToolDefinition {
  type: string;
  function: { name: string; description?: string; parameters?: Json };
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: ToolDefinition[];
}

/** `fake/slow?tps=20` → name `fake/slow` and params `tps=20`: scenario options travel inside the model name. */
export interface ParsedModel {
  name: string;
  params: URLSearchParams;
}

export function parseModel(model: string): ParsedModel {
  const at = model.indexOf('?');
  return at < 0 ? { name: model, params: new URLSearchParams() } : { name: model.slice(0, at), params: new URLSearchParams(model.slice(at + 1)) };
}

/** Checks the fields the fake relies on and names the first bad one, as LiteLLM's 400s do. */
export function validateChatRequest(body: unknown): { request: ChatRequestBody } | { error: string; param: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'Request body must be a JSON object', param: 'body' };
  const candidate = body as Record<string, unknown>;
  if (typeof candidate['model'] !== 'string' || candidate['model'] === '') return { error: 'model is required and must be a string', param: 'model' };
  const messages = candidate['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return { error: 'messages must be a non-empty array', param: 'messages' };
  const badIndex = messages.findIndex((m) => typeof m !== 'object' || m === null || typeof (m as Json)['role'] !== 'string');
  if (badIndex >= 0) return { error: `messages[${badIndex}].role is required`, param: `messages[${badIndex}].role` };
  if (candidate['tools'] !== undefined && !Array.isArray(candidate['tools'])) return { error: 'tools must be an array', param: 'tools' };
  return { request: body as ChatRequestBody };
}

/** The text of a message's content: a string, or the text parts of a multimodal array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: 'text'; text: string } => (part as Json)?.['type'] === 'text' && typeof (part as Json)['text'] === 'string')
    .map((part) => part.text)
    .join('\n');
}

export function lastUserIndex(messages: ChatMessage[]): number {
  return messages.map((m) => m.role).lastIndexOf('user');
}

export function lastUserText(messages: ChatMessage[]): string {
  const index = lastUserIndex(messages);
  return index < 0 ? '' : contentText(messages[index].content);
}

/** All the text the model was given, for the prompt token count. */
export function promptText(messages: ChatMessage[]): string {
  return messages.map((m) => contentText(m.content)).join('\n');
}

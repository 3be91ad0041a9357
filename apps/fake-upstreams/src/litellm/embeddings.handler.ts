import { createHash } from 'node:crypto';
import { bearerToken, sendJson, sendOpenAiError } from '../http.util';
import type { RouteContext } from '../route';
import { parseModel } from './chat-request';
import { estimateTokens } from './completion.builder';
import { errorScenario } from './scripted.scenarios';

const DEFAULT_DIMENSIONS = 1536;
const MAX_DIMENSIONS = 16_000;
const SLOTS_PER_WORD = 4;

/**
 * A deterministic embedding: every word (lower-cased) is hashed onto a few signed slots of the vector, then
 * the vector is L2-normalized. The same text always gives the same vector, and texts sharing words point
 * in similar directions, so similarity search behaves plausibly in tests.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  for (const word of words) {
    const digest = createHash('sha256').update(word).digest();
    for (let slot = 0; slot < SLOTS_PER_WORD; slot++) {
      const position = digest.readUInt32BE(slot * 4) % dimensions;
      vector[position] += digest[16 + slot] & 1 ? 1 : -1;
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  // Opposite signs can cancel out completely; fall back to one slot picked by the whole text.
  if (norm === 0) {
    vector[createHash('sha256').update(text).digest().readUInt32BE(0) % dimensions] = 1;
    return vector;
  }
  return vector.map((value) => value / norm);
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function inputTexts(input: unknown): string[] | null {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return null;
  if (input.every((item) => typeof item === 'string')) return input;
  // Token arrays: a single one (number[]) or a batch (number[][]); hashed by their numbers.
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (input.every((item) => Array.isArray(item) && item.every((t) => typeof t === 'number'))) return input.map((item: number[]) => item.join(' '));
  return null;
}

export function handleEmbeddings({ req, res, body }: RouteContext): void {
  const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof request['model'] !== 'string' || request['model'] === '') {
    return sendOpenAiError(res, 400, 'model is required and must be a string', 'invalid_request_error', 'model');
  }
  const model = request['model'];
  const texts = inputTexts(request['input']);
  if (!texts) {
    return sendOpenAiError(res, 400, 'input must be a string, an array of strings or an array of token arrays', 'invalid_request_error', 'input');
  }
  const dimensions = request['dimensions'] ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return sendOpenAiError(res, 400, `dimensions must be an integer between 1 and ${MAX_DIMENSIONS}`, 'invalid_request_error', 'dimensions');
  }
  const format = request['encoding_format'] ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return sendOpenAiError(res, 400, 'encoding_format must be "float" or "base64"', 'invalid_request_error', 'encoding_format');
  }
  const failure = errorScenario(parseModel(model), bearerToken(req));
  if (failure) return sendJson(res, failure.status, failure.body, failure.headers);
  const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  sendJson(res, 200, {
    object: 'list',
    model,
    data: texts.map((text, index) => {
      const vector = fakeEmbedding(text, dimensions);
      return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : vector };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

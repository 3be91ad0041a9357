import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@kipux/api/http';
import { LlmClient } from '@kipux/api/llm';
import { OpenAiErrors } from '../openai-errors';
import { ModelDirectory } from '../ports/model-directory';
import type { EmbeddingsRequest } from './chat-completion.schema';
import { toRelayException } from './llm-errors';
import { UsageMeter } from './usage-meter';

export interface EmbeddingsResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** float32 little-endian in base64: what OpenAI returns (and its SDKs ask for) with `encoding_format: "base64"`. */
export function toBase64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly llm: LlmClient,
    private readonly models: ModelDirectory,
    private readonly meter: UsageMeter,
  ) {}

  async embed(user: AuthUser, request: EmbeddingsRequest, signal: AbortSignal): Promise<EmbeddingsResponse> {
    if (!(await this.models.isEmbeddingModelAvailable(request.model))) throw OpenAiErrors.modelNotFound(request.model);
    let result;
    try {
      result = await this.llm.embed(request.input, { model: request.model, dimensions: request.dimensions, signal });
    } catch (error) {
      this.meter.record(user, { endpoint: 'embeddings', model: request.model, stream: false, status: signal.aborted ? 'aborted' : 'error', usage: null });
      throw toRelayException(error, request.model);
    }
    const { promptTokens, totalTokens } = result.usage;
    this.meter.record(user, {
      endpoint: 'embeddings',
      model: request.model,
      stream: false,
      status: 'ok',
      usage: { promptTokens, completionTokens: 0, totalTokens },
    });
    const base64 = request.encoding_format === 'base64';
    return {
      object: 'list',
      data: result.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64Floats(vector) : vector })),
      model: result.model,
      usage: { prompt_tokens: promptTokens, total_tokens: totalTokens },
    };
  }
}

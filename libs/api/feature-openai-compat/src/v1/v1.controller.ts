import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '@kipux/api/http';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../api-keys/api-key.guard';
import { ModelDirectory } from '../ports/model-directory';
import { ApiRateLimitGuard } from './api-rate-limit.guard';
import { chatCompletionSchema, embeddingsSchema } from './chat-completion.schema';
import { ChatCompletionsService } from './chat-completions.service';
import { EmbeddingsService, type EmbeddingsResponse } from './embeddings.service';
import { parseRequest } from './parse-request';

const openApiSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;

export interface ModelListResponse {
  object: 'list';
  data: Array<{ id: string; object: 'model'; created: number; owned_by: string }>;
}

/** Aborted when the client goes away before the answer was sent. */
function clientSignal(response: Response): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The OpenAI-compatible API, for programs with a personal API key (not the SPA's session). */
@ApiTags('openai-compatible')
@ApiBearerAuth()
@Public()
@UseGuards(ApiKeyGuard, ApiRateLimitGuard)
@Controller('v1')
export class V1Controller {
  constructor(
    private readonly chat: ChatCompletionsService,
    private readonly embeddings: EmbeddingsService,
    private readonly models: ModelDirectory,
  ) {}

  @Get('models')
  @ApiOperation({ summary: 'The chat models enabled on this server' })
  async listModels(): Promise<ModelListResponse> {
    const models = await this.models.listChatModels();
    // The catalog keeps no creation date OpenAI would mean; 0 says "unknown" to clients that read it.
    return { object: 'list', data: models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.ownedBy })) };
  }

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chat completion, streaming (server-sent events ending in `data: [DONE]`) or not' })
  @ApiBody({ schema: openApiSchema(chatCompletionSchema) })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'A `chat.completion`, or with `stream: true` a stream of `chat.completion.chunk` events' })
  async chatCompletions(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() response: Response): Promise<void> {
    const request = parseRequest(chatCompletionSchema, body);
    const signal = clientSignal(response);
    if (request.stream) {
      await this.chat.stream(user, request, response, signal);
      return;
    }
    const completion = await this.chat.complete(user, request, signal);
    response.status(200).json(completion);
  }

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Embeddings of one text or a batch, with the configured embedding model' })
  @ApiBody({ schema: openApiSchema(embeddingsSchema) })
  async createEmbeddings(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<EmbeddingsResponse> {
    return this.embeddings.embed(user, parseRequest(embeddingsSchema, body), clientSignal(response));
  }
}

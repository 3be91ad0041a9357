import { z } from 'zod';

/**
 * `POST /v1/chat/completions`, field by field as OpenAI documents it (see fixtures/api/openai-chat-completions.md).
 *
 * Unknown top-level parameters are rejected, as OpenAI does ("Unrecognized request argument"): a typo such as
 * `temprature` must not be silently ignored. Inside messages, content parts and tool definitions unknown keys
 * pass through untouched, because LiteLLM understands provider extras there (`cache_control`,
 * `reasoning_content` of earlier turns) that OpenAI's own schema does not list.
 */

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOLS = 128;
export const MAX_STOP = 4;
export const MAX_METADATA_PAIRS = 16;
export const MAX_METADATA_KEY = 64;
export const MAX_METADATA_VALUE = 512;

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textParts = z.array(z.discriminatedUnion('type', [textPart])).min(1);
const userParts = z.array(z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart])).min(1);
const assistantParts = z.array(z.discriminatedUnion('type', [textPart, refusalPart]));

const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const name = z.string().min(1).max(256).optional();

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: z.union([z.string(), textParts]), name }),
  z.looseObject({ role: z.literal('developer'), content: z.union([z.string(), textParts]), name }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), userParts]), name }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), assistantParts]).nullable().optional(),
    refusal: z.string().nullable().optional(),
    name,
    tool_calls: z.array(toolCall).optional(),
  }),
  z.looseObject({ role: z.literal('tool'), content: z.union([z.string(), textParts]), tool_call_id: z.string().min(1) }),
]);

const functionTool = z.strictObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(TOOL_NAME, 'must be 1-64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().regex(TOOL_NAME, 'must be 1-64 letters, digits, _ or -') }) }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().regex(TOOL_NAME, 'must be 1-64 letters, digits, _ or -'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

const metadata = z
  .record(
    z.string().min(1).max(MAX_METADATA_KEY, `keys must be at most ${MAX_METADATA_KEY} characters`),
    z.string().max(MAX_METADATA_VALUE, `values must be strings of at most ${MAX_METADATA_VALUE} characters`),
  )
  .refine((value) => Object.keys(value).length <= MAX_METADATA_PAIRS, `must have at most ${MAX_METADATA_PAIRS} key-value pairs`);

const logitBias = z.record(z.string().regex(/^\d+$/, 'keys must be token ids'), z.number().int().min(-100).max(100));

const webSearchOptions = z.strictObject({
  search_context_size: z.enum(['low', 'medium', 'high']).optional(),
  user_location: z
    .strictObject({
      type: z.literal('approximate'),
      approximate: z.strictObject({
        city: z.string().optional(),
        country: z.string().optional(),
        region: z.string().optional(),
        timezone: z.string().optional(),
      }),
    })
    .nullable()
    .optional(),
});

const int = () => z.number().int();

export const chatCompletionSchema = z
  .strictObject({
    messages: z.array(message).min(1, 'must contain at least one message'),
    model: z.string().min(1).max(256),
    stream: z.boolean().nullable().optional(),
    stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    max_completion_tokens: int().min(1).nullable().optional(),
    max_tokens: int().min(1).nullable().optional(),
    n: int().min(1).max(128).nullable().optional(),
    seed: int().nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: int().min(0).max(20).nullable().optional(),
    store: z.boolean().nullable().optional(),
    parallel_tool_calls: z.boolean().optional(),
    enable_thinking: z.boolean().optional(),
    reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high']).nullable().optional(),
    verbosity: z.enum(['low', 'medium', 'high']).nullable().optional(),
    response_format: responseFormat.optional(),
    stop: z.union([z.string(), z.array(z.string()).max(MAX_STOP, `must have at most ${MAX_STOP} sequences`)]).nullable().optional(),
    tools: z.array(functionTool).max(MAX_TOOLS, `must have at most ${MAX_TOOLS} tools`).optional(),
    tool_choice: toolChoice.optional(),
    modalities: z.array(z.enum(['text', 'audio'])).nullable().optional(),
    audio: z.strictObject({ format: z.enum(['wav', 'mp3', 'flac', 'opus', 'pcm16', 'aac']), voice: z.string().min(1) }).nullable().optional(),
    prediction: z.strictObject({ type: z.literal('content'), content: z.union([z.string(), textParts]) }).nullable().optional(),
    logit_bias: logitBias.nullable().optional(),
    metadata: metadata.nullable().optional(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
    safety_identifier: z.string().max(64).optional(),
    prompt_cache_key: z.string().max(1024).optional(),
    user: z.string().max(256).optional(),
    web_search_options: webSearchOptions.optional(),
  })
  .superRefine((request, ctx) => {
    const rule = (failed: boolean, path: string, message: string) => {
      if (failed) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    rule(Boolean(request.stream_options) && request.stream !== true, 'stream_options', "stream_options is only allowed when 'stream' is true");
    rule(request.top_logprobs != null && request.logprobs !== true, 'top_logprobs', "top_logprobs requires 'logprobs' to be true");
    const noTools = !request.tools?.length;
    rule(request.tool_choice !== undefined && noTools, 'tool_choice', "tool_choice is only allowed when 'tools' are given");
    rule(request.parallel_tool_calls !== undefined && noTools, 'parallel_tool_calls', "parallel_tool_calls is only allowed when 'tools' are given");
    rule(Boolean(request.modalities?.includes('audio')) && !request.audio, 'audio', "audio ({format, voice}) is required when 'modalities' includes audio");
    const forced = typeof request.tool_choice === 'object' ? request.tool_choice.function.name : undefined;
    rule(forced !== undefined && !request.tools?.some((tool) => tool.function.name === forced), 'tool_choice', `tool_choice names "${forced}", which is not in 'tools'`);
  });

export type ChatCompletionRequest = z.infer<typeof chatCompletionSchema>;

export const embeddingsSchema = z.strictObject({
  model: z.string().min(1).max(256),
  // Token-id arrays (also in OpenAI's API) are not offered: Kipux's embedding client sends text.
  input: z.union([z.string().min(1, 'must not be empty'), z.array(z.string().min(1, 'must not be empty')).min(1).max(2048)], {
    error: 'must be a string or an array of 1-2048 non-empty strings',
  }),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: int().min(1).max(16000).optional(),
  user: z.string().max(256).optional(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsSchema>;

import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { LlmClient, LlmError, StreamAccumulator, type ChatMessageParam, type ChatRequest, type LlmCallOptions } from '@kipux/api/llm';
import type { ChatNotice, MessageStatus, ToolCall } from '@kipux/contracts';
import { randomUUID } from 'node:crypto';
import { ChatHooks } from '../chat-hooks';
import { ChatRepository, type MessageChanges, type NewMessage } from '../chat.repository';
import { toConversationDto } from '../entities/conversation.entity';
import { toMessageDto, type MessageMetadata } from '../entities/message.entity';
import { ChatEventBus } from '../events/chat-event-bus';
import { toToolParam, ToolRegistry, type ChatTool, type ChatToolResult, type ChatTurnInfo } from '../tools/tool-registry';
import { ChatModelCatalog, UNKNOWN_MODEL_FACTS } from './chat-model-catalog';
import { fitToContext, messageBudget } from './context-window';
import { GenerationRegistry, INTERRUPTED_ERROR, type RunningTurn } from './generation.registry';
import { cleanTitle, fallbackTitle, TITLE_PROMPT } from './title';
import { finishedEvent } from './turn-replay';
import { TurnPublisher } from './turn-publisher';

/** Rounds of tool calls per turn; after that the model must answer without tools. */
export const MAX_TOOL_STEPS = 5;
/** Partial text reaches the database at least this often while streaming. */
const CHECKPOINT_MS = 500;
const TITLE_TIMEOUT_MS = 10_000;

export interface TurnPlan {
  userId: string;
  conversationId: string;
  /** The pending assistant message created for this turn: its first step and its event stream's key. */
  turnId: string;
  /** The user message answered. */
  parentId: string;
  /** Upstream messages up to and including the user message. */
  history: ChatMessageParam[];
  model: string;
  temperature: number | null;
  tools: ChatTool[];
  toolSelection: Record<string, boolean> | undefined;
  /** Set when the conversation has no title yet: the text to name it after. */
  titleFrom: string | null;
}

interface StepResult {
  status: MessageStatus;
  error: string | null;
  changes: MessageChanges;
  toolCalls: ToolCall[];
}

/** Runs generations server-side, independent of any HTTP connection; see DESIGN.md "A message's life". */
@Injectable()
export class GenerationRunner {
  private readonly logger = new Logger('GenerationRunner');
  private readonly timeouts: LlmCallOptions;

  constructor(
    private readonly llm: LlmClient,
    private readonly repository: ChatRepository,
    private readonly bus: ChatEventBus,
    private readonly catalog: ChatModelCatalog,
    private readonly registry: GenerationRegistry,
    private readonly hooks: ChatHooks,
    private readonly tools: ToolRegistry,
    config: AppConfig,
  ) {
    const { LLM_FIRST_BYTE_TIMEOUT_SECONDS: firstByte, LLM_IDLE_TIMEOUT_SECONDS: idle } = config.env;
    this.timeouts = {
      ...(firstByte ? { firstByteTimeoutMs: firstByte * 1000 } : {}),
      ...(idle ? { idleTimeoutMs: idle * 1000 } : {}),
    };
  }

  /** Starts the turn in the background; returns at once. */
  start(plan: TurnPlan): void {
    this.registry.run(plan.turnId, (turn) => this.run(plan, turn));
  }

  private async run(plan: TurnPlan, turn: RunningTurn): Promise<void> {
    const publisher = new TurnPublisher(this.bus, plan.turnId, this.logger);
    // Asked for alongside the answer (it only needs the user's text); a failed answer gets the fallback at once.
    const titleAbort = new AbortController();
    turn.signal.addEventListener('abort', () => titleAbort.abort(), { once: true });
    const title = plan.titleFrom === null ? null : { text: this.makeTitle(plan.model, plan.titleFrom, titleAbort.signal), cancel: () => titleAbort.abort() };
    const messages = [...plan.history];
    let step = { id: plan.turnId, parentId: plan.parentId };
    let result: StepResult;
    let info: ChatTurnInfo | null = null;
    try {
      // A model that cannot call functions gets none; extensions may give it context instead (search first).
      const facts = await this.catalog.factsOf(plan.model).catch(() => UNKNOWN_MODEL_FACTS);
      const offered = plan.tools.length > 0 && facts.supportsTools ? plan.tools : [];
      info = { ...this.turnInfo(plan, messages), toolsOffered: offered.length > 0, signal: turn.signal };
      for (let index = 1; ; index++) {
        turn.stepId = step.id;
        publisher.emit({ type: 'message.started', messageId: step.id, parentId: step.parentId, model: plan.model });
        if (index === 1) await this.prepareTurn(info, step.id, messages, publisher);
        const tools = index <= MAX_TOOL_STEPS ? offered : [];
        if (facts.contextWindow) this.fitStep(plan.model, facts.contextWindow, step.id, messages, tools, publisher);
        result = await this.streamStep(plan, step.id, messages, tools, turn, publisher, facts.provider);
        if (result.status !== 'complete' || tools.length === 0 || result.toolCalls.length === 0) break;
        const next = await this.runTools(plan, step, result, turn, publisher, messages);
        if (!next) break;
        step = next;
      }
    } catch (error) {
      // Not the upstream (streamStep handles that): the database or a bug. The answer still ends.
      this.logger.error(`Turn ${plan.turnId} failed`, (error as Error).stack);
      result = { status: 'error', error: 'The answer could not be completed because of a server error.', changes: { metadata: baseMetadata(plan) }, toolCalls: [] };
    }
    await this.finish(plan, step.id, result, title, publisher, info);
  }

  private turnInfo(plan: TurnPlan, messages: ChatMessageParam[]): Omit<ChatTurnInfo, 'toolsOffered' | 'signal'> {
    const question = [...messages].reverse().find((message) => message.role === 'user');
    return {
      userId: plan.userId,
      conversationId: plan.conversationId,
      turnId: plan.turnId,
      model: plan.model,
      question: typeof question?.content === 'string' ? question.content : '',
      toolSelection: plan.toolSelection,
    };
  }

  /** Lets turn extensions add context before the user's message (e.g. search results); they never fail the turn. */
  private async prepareTurn(info: ChatTurnInfo, stepId: string, messages: ChatMessageParam[], publisher: TurnPublisher): Promise<void> {
    for (const extension of this.tools.extensions()) {
      if (!extension.beforeTurn) continue;
      try {
        const preparation = await extension.beforeTurn(info);
        if (preparation?.notice) publisher.notice(stepId, preparation.notice);
        if (preparation?.context) messages.splice(messages.length - 1, 0, { role: 'system', content: preparation.context });
      } catch (error) {
        this.logger.warn(`A turn extension failed before turn ${info.turnId}: ${(error as Error).message}`);
      }
    }
  }

  /** Leaves out the oldest exchanges when the request would overflow the model's context window, and tells the user. */
  private fitStep(model: string, contextWindow: number, stepId: string, messages: ChatMessageParam[], tools: ChatTool[], publisher: TurnPublisher): void {
    const dropped = fitToContext(messages, messageBudget(contextWindow, tools.length > 0 ? JSON.stringify(tools.map(toToolParam)) : ''));
    if (dropped === 0) return;
    const earliest = dropped === 1 ? 'the earliest message' : `the ${dropped} earliest messages`;
    publisher.notice(stepId, {
      code: 'context.trimmed',
      params: { count: dropped, model },
      message: `Left out ${earliest} of this chat to fit ${model}'s context window.`,
    });
  }

  /** The final answer's annotations from the turn extensions (e.g. `[n]` markers mapped to sources). */
  private annotate(info: ChatTurnInfo, content: string): NonNullable<MessageChanges['annotations']> {
    return this.tools.extensions().flatMap((extension) => {
      try {
        return extension.annotate?.(info, content) ?? [];
      } catch (error) {
        this.logger.warn(`A turn extension failed to annotate turn ${info.turnId}: ${(error as Error).message}`);
        return [];
      }
    });
  }

  private async streamStep(
    plan: TurnPlan,
    stepId: string,
    messages: ChatMessageParam[],
    tools: ChatTool[],
    turn: RunningTurn,
    publisher: TurnPublisher,
    /** The catalog's provider of the model, if it knows it. */
    catalogProvider: string | null,
  ): Promise<StepResult> {
    const accumulator = new StreamAccumulator();
    const startedAt = Date.now();
    let firstTokenAt: number | null = null;
    let reasoningStartedAt: number | null = null;
    let reasoningEndedAt: number | null = null;
    let savedAt: number | null = null;
    let status: MessageStatus = 'complete';
    let error: string | null = null;
    const request: ChatRequest = {
      model: plan.model,
      messages,
      ...(tools.length > 0 ? { tools: tools.map(toToolParam) } : {}),
      ...(plan.temperature !== null ? { temperature: plan.temperature } : {}),
    };
    try {
      for await (const chunk of this.llm.streamChat(request, { ...this.timeouts, signal: turn.signal })) {
        const now = Date.now();
        for (const delta of accumulator.push(chunk)) {
          if (delta.type === 'reasoning') {
            reasoningStartedAt ??= now;
            reasoningEndedAt = now;
            publisher.delta('reasoning.delta', stepId, delta.text);
          } else if (delta.type === 'content') {
            publisher.delta('content.delta', stepId, delta.text);
          } else if (delta.type === 'usage') {
            publisher.emit({ type: 'usage', messageId: stepId, usage: delta.usage });
          }
          if (delta.type !== 'usage' && delta.type !== 'finish') firstTokenAt ??= now;
        }
        if (firstTokenAt !== null && (savedAt === null || now - savedAt >= CHECKPOINT_MS)) {
          savedAt = now;
          await this.repository.checkpoint(stepId, { status: 'streaming', content: accumulator.content, reasoning: accumulator.reasoning || null });
        }
      }
    } catch (caught) {
      if (turn.signal.aborted) {
        status = turn.reason ?? 'stopped';
        error = status === 'interrupted' ? INTERRUPTED_ERROR : null;
      } else {
        status = 'error';
        // LlmError messages are written for people; anything else (the database, a bug) is only logged.
        error = caught instanceof LlmError ? caught.message : 'The answer failed because of a server error.';
        if (!(caught instanceof LlmError)) this.logger.error(`Turn ${plan.turnId} stream failed`, (caught as Error).stack);
      }
    }
    const snapshot = accumulator.snapshot();
    const toolCalls = snapshot.toolCalls.map((call, index) => ({ ...call, id: call.id || `call_${stepId.slice(0, 8)}_${index}` }));
    const usage = snapshot.usage;
    const metadata: MessageMetadata = {
      ...baseMetadata(plan),
      ...(snapshot.id ? { completionId: snapshot.id } : {}),
      ...(snapshot.model ? { upstreamModel: snapshot.model } : {}),
    };
    return {
      status,
      error,
      toolCalls,
      changes: {
        content: snapshot.content,
        reasoning: snapshot.reasoning || null,
        toolCalls: toolCalls.length > 0 ? toolCalls : null,
        model: plan.model,
        provider: snapshot.provider ?? catalogProvider ?? providerPrefix(plan.model),
        finishReason: snapshot.finishReason,
        usage,
        costUsd: usage ? await this.costOf(plan.model, usage) : null,
        ttftMs: firstTokenAt === null ? null : firstTokenAt - startedAt,
        latencyMs: Date.now() - startedAt,
        reasoningMs: reasoningStartedAt === null || reasoningEndedAt === null ? null : reasoningEndedAt - reasoningStartedAt,
        metadata,
      },
    };
  }

  /**
   * Runs the step's tool calls concurrently, then stores the step, the results and the next pending step in
   * one transaction. Null when the turn was stopped meanwhile (the step then ends as stopped).
   */
  private async runTools(
    plan: TurnPlan,
    step: { id: string; parentId: string },
    result: StepResult,
    turn: RunningTurn,
    publisher: TurnPublisher,
    messages: ChatMessageParam[],
  ): Promise<{ id: string; parentId: string } | null> {
    for (const toolCall of result.toolCalls) publisher.emit({ type: 'tool_call.started', messageId: step.id, toolCall });
    const outcomes = await Promise.all(
      result.toolCalls.map(async (call) => {
        const toolMessageId = randomUUID();
        const outcome = await this.executeTool(plan, step.id, call, turn.signal);
        publisher.emit({
          type: 'tool_call.finished',
          messageId: step.id,
          toolCallId: call.id,
          toolMessageId,
          name: call.function.name,
          result: outcome.content,
          isError: outcome.isError === true,
        });
        if (outcome.notice) publisher.notice(step.id, outcome.notice);
        return { call, toolMessageId, outcome };
      }),
    );
    if (turn.signal.aborted) {
      result.status = turn.reason ?? 'stopped';
      result.error = result.status === 'interrupted' ? INTERRUPTED_ERROR : null;
      return null;
    }
    const annotations = outcomes.flatMap(({ outcome }) => outcome.citations ?? []);
    for (const citation of annotations) publisher.emit({ type: 'citation', messageId: step.id, citation });

    const nextId = randomUUID();
    let parentId = step.id;
    const rows: NewMessage[] = outcomes.map(({ call, toolMessageId, outcome }) => {
      const row: NewMessage = {
        id: toolMessageId,
        conversationId: plan.conversationId,
        parentId,
        turnId: plan.turnId,
        role: 'tool',
        content: outcome.content,
        toolCallId: call.id,
        status: outcome.isError ? 'error' : 'complete',
        metadata: { ...outcome.metadata, name: call.function.name },
      };
      parentId = toolMessageId;
      return row;
    });
    rows.push(this.pendingStep(plan, nextId, parentId));
    await this.repository.advanceStep(
      { id: step.id, conversationId: plan.conversationId },
      { ...withNotices(result.changes, publisher.noticesOf(step.id)), status: 'complete', annotations: annotations.length > 0 ? annotations : null },
      rows,
    );
    const stored = await this.repository.findMessageById(step.id);
    if (stored) publisher.emit({ type: 'step.finished', message: toMessageDto(stored) });

    messages.push({ role: 'assistant', content: (result.changes.content ?? '') || null, tool_calls: result.toolCalls });
    for (const { call, outcome } of outcomes) messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
    return { id: nextId, parentId };
  }

  /** A step waiting for its first token, owned by this process. */
  pendingStep(plan: Pick<TurnPlan, 'conversationId' | 'turnId' | 'model' | 'toolSelection'>, id: string, parentId: string): NewMessage {
    return {
      id,
      conversationId: plan.conversationId,
      parentId,
      turnId: plan.turnId,
      role: 'assistant',
      status: 'pending',
      model: plan.model,
      ownerId: this.registry.instanceId,
      heartbeatAt: new Date(),
      metadata: plan.toolSelection ? { tools: plan.toolSelection } : {},
    };
  }

  private async executeTool(plan: TurnPlan, messageId: string, call: ToolCall, signal: AbortSignal): Promise<ChatToolResult> {
    const tool = plan.tools.find((candidate) => candidate.name === call.function.name);
    if (!tool) return { content: `Error: there is no tool named "${call.function.name}".`, isError: true };
    let args: unknown;
    try {
      args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch {
      return { content: `Error: the arguments of ${tool.name} are not valid JSON.`, isError: true };
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      return { content: `Error: the arguments of ${tool.name} must be a JSON object.`, isError: true };
    }
    // A tool that ignores the signal must not keep a stopped turn waiting.
    let cancel = (): void => undefined;
    const cancelled = new Promise<never>((_, reject) => {
      cancel = () => reject(new Error('cancelled'));
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    });
    try {
      const answer = await Promise.race([
        tool.execute(args as Record<string, unknown>, { userId: plan.userId, conversationId: plan.conversationId, messageId, turnId: plan.turnId, signal }),
        cancelled,
      ]);
      return typeof answer === 'string' ? { content: answer } : answer;
    } catch (error) {
      if (signal.aborted) return { content: `Error: ${tool.name} was cancelled.`, isError: true };
      this.logger.warn(`Tool ${tool.name} failed: ${(error as Error).message}`);
      return { content: `Error: ${tool.name} failed: ${(error as Error).message}`, isError: true };
    } finally {
      // The turn's signal outlives the call: a listener left on it per call piles up over a turn's tool steps.
      signal.removeEventListener('abort', cancel);
    }
  }

  /** Stores the last step's final state and tells followers; titles the conversation if it has none. */
  private async finish(
    plan: TurnPlan,
    stepId: string,
    result: StepResult,
    title: { text: Promise<string>; cancel(): void } | null,
    publisher: TurnPublisher,
    info: ChatTurnInfo | null,
  ): Promise<void> {
    try {
      if (result.status === 'error' && result.error) publisher.emit({ type: 'error', messageId: stepId, message: result.error });
      const annotations = info && result.changes.content ? this.annotate(info, result.changes.content) : [];
      if (annotations.length > 0) result.changes.annotations = annotations;
      for (const citation of annotations) publisher.emit({ type: 'citation', messageId: stepId, citation });
      if (title) {
        if (result.status !== 'complete') title.cancel();
        const conversation = await this.repository.setTitleIfUnset(plan.conversationId, await title.text);
        if (conversation) publisher.emit({ type: 'conversation.updated', conversation: toConversationDto(conversation) });
      }
      await this.repository.finishMessage(stepId, plan.conversationId, { ...withNotices(result.changes, publisher.noticesOf(stepId)), status: result.status, error: result.error });
      const turn = (await this.repository.listTurn(plan.turnId)).map((m) => toMessageDto(m));
      publisher.emit(finishedEvent(turn));
      await publisher.flush();
      await this.bus.release(plan.turnId);
      for (const message of turn) this.hooks.messageStored(message, plan.userId);
    } catch (error) {
      this.logger.error(`Turn ${plan.turnId} could not be finished`, (error as Error).stack);
    } finally {
      if (info) for (const extension of this.tools.extensions()) extension.afterTurn?.(info);
    }
  }

  /** A short title from the model; the first words of the message when it cannot give one. Never throws. */
  private async makeTitle(model: string, text: string, signal: AbortSignal): Promise<string> {
    try {
      const completion = await this.llm.complete(
        {
          model,
          messages: [
            { role: 'system', content: TITLE_PROMPT },
            { role: 'user', content: text.slice(0, 2000) },
          ],
          max_tokens: 60,
        },
        { signal, requestTimeoutMs: TITLE_TIMEOUT_MS },
      );
      return cleanTitle(completion.choices[0]?.message.content) ?? fallbackTitle(text);
    } catch {
      return fallbackTitle(text);
    }
  }

  private async costOf(model: string, usage: NonNullable<MessageChanges['usage']>): Promise<number | null> {
    try {
      return await this.catalog.costOf(model, usage);
    } catch (error) {
      this.logger.warn(`No cost for ${model}: ${(error as Error).message}`);
      return null;
    }
  }
}

/** LiteLLM model names usually start with the provider (`groq/llama-3`); the catalog knows better. */
function providerPrefix(model: string): string | null {
  const slash = model.indexOf('/');
  return slash > 0 ? model.slice(0, slash) : null;
}

/** What a step's metadata starts from: how the turn was asked for (so a regenerate can ask the same way). */
function baseMetadata(plan: Pick<TurnPlan, 'toolSelection'>): MessageMetadata {
  return plan.toolSelection ? { tools: plan.toolSelection } : {};
}

/** The step's changes with the notices told about it, stored so a reload shows them too. */
function withNotices(changes: MessageChanges, notices: ChatNotice[]): MessageChanges {
  return notices.length > 0 ? { ...changes, metadata: { ...changes.metadata, notices } } : changes;
}

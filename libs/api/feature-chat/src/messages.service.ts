import { Injectable, type MessageEvent } from '@nestjs/common';
import { UsersRepository } from '@kipux/api/auth';
import type { MessageDto, SendMessageResponse, StreamEvent, ToolkitDto, ToolSelection, UserSettings } from '@kipux/contracts';
import { randomUUID } from 'node:crypto';
import { from, Observable } from 'rxjs';
import { ChatHooks } from './chat-hooks';
import { ChatErrors } from './chat.exception';
import { ChatRepository } from './chat.repository';
import { ConversationsService } from './conversations.service';
import type { RegenerateDto, SendMessageDto } from './dto/message.dto';
import { toConversationDto, type ConversationEntity } from './entities/conversation.entity';
import { isUnfinished, toMessageDto, type MessageEntity } from './entities/message.entity';
import { ChatEventBus, type SequencedEvent } from './events/chat-event-bus';
import { MessageTree } from './generation/branch';
import { ChatModelCatalog } from './generation/chat-model-catalog';
import { GenerationRunner, type TurnPlan } from './generation/generation.runner';
import { buildHistory } from './generation/history';
import { finishedEvent, replayTurn } from './generation/turn-replay';
import { ToolRegistry } from './tools/tool-registry';

/** How often a follower checks the database for a turn that ended without its final event (its process died). */
const FOLLOW_CHECK_MS = 2000;
const KEEP_ALIVE_MS = 15_000;
/** How long `stop` waits for the generation to confirm. */
const STOP_WAIT_MS = 5000;

@Injectable()
export class MessagesService {
  constructor(
    private readonly repository: ChatRepository,
    private readonly conversations: ConversationsService,
    private readonly users: UsersRepository,
    private readonly runner: GenerationRunner,
    private readonly bus: ChatEventBus,
    private readonly tools: ToolRegistry,
    private readonly catalog: ChatModelCatalog,
    private readonly hooks: ChatHooks,
  ) {}

  toolkits(): ToolkitDto[] {
    return this.tools.toolkits();
  }

  /** Stores the user message and its pending answer in one transaction, starts the generation, returns both. */
  async send(userId: string, conversationId: string, body: SendMessageDto): Promise<SendMessageResponse> {
    const conversation = await this.conversations.require(userId, conversationId);
    const tree = new MessageTree(await this.repository.listMessages(conversationId));
    const parentId = body.parentId === undefined ? (conversation.currentLeafId ?? tree.newestLeaf()) : body.parentId;
    if (parentId !== null) {
      const parent = tree.get(parentId);
      if (!parent) throw ChatErrors.invalidParent('no such message in this conversation');
      if (parent.role !== 'assistant') throw ChatErrors.invalidParent('must be an assistant message (to edit a message, send its parentId)');
      if (isUnfinished(parent.status)) throw ChatErrors.generationInProgress();
    }
    const settings = await this.settingsOf(userId);
    const model = body.model ?? conversation.model ?? settings.defaultModel ?? (await this.catalog.defaultModel());
    if (!model) throw ChatErrors.modelRequired();

    const userMessageId = randomUUID();
    const turnId = randomUUID();
    const plan = this.plan(userId, conversation, settings, {
      turnId,
      parentId: userMessageId,
      model,
      toolSelection: body.tools,
      path: [...(parentId ? tree.pathTo(parentId) : []), { role: 'user', content: body.content, toolCalls: null, toolCallId: null }],
      titleFrom: body.content,
    });
    const [userMessage, assistantMessage] = await this.repository.insertMessages(
      conversationId,
      [
        { id: userMessageId, conversationId, parentId, role: 'user', content: body.content, status: 'complete' },
        this.runner.pendingStep(plan, turnId, userMessageId),
      ],
      body.model ? { model: body.model } : {},
    );
    this.runner.start(plan);
    const stored = toMessageDto(userMessage!);
    this.hooks.messageStored(stored, userId);
    const updated = await this.conversations.require(userId, conversationId);
    return { userMessage: stored, assistantMessage: toMessageDto(assistantMessage!), conversation: toConversationDto(updated) };
  }

  /** A new answer to the same user message, as a sibling of the turn that answered it. */
  async regenerate(userId: string, messageId: string, body: RegenerateDto): Promise<MessageDto> {
    const message = await this.requireAnswer(userId, messageId);
    const conversation = await this.conversations.require(userId, message.conversationId);
    const tree = new MessageTree(await this.repository.listMessages(conversation.id));
    const turnRoot = tree.get(message.turnId ?? message.id) ?? message;
    const question = turnRoot.parentId ? tree.get(turnRoot.parentId) : undefined;
    if (!question || question.role !== 'user') throw ChatErrors.notAnAnswer();
    const settings = await this.settingsOf(userId);
    const model = body.model ?? turnRoot.model ?? conversation.model ?? settings.defaultModel ?? (await this.catalog.defaultModel());
    if (!model) throw ChatErrors.modelRequired();

    const turnId = randomUUID();
    const plan = this.plan(userId, conversation, settings, {
      turnId,
      parentId: question.id,
      model,
      toolSelection: body.tools ?? (turnRoot.metadata.tools),
      path: tree.pathTo(question.id),
      titleFrom: question.content,
    });
    const [answer] = await this.repository.insertMessages(conversation.id, [this.runner.pendingStep(plan, turnId, question.id)]);
    this.runner.start(plan);
    return toMessageDto(answer!);
  }

  /** Asks the process running the turn to stop (whichever instance it is) and waits briefly for it to confirm. */
  async stop(userId: string, messageId: string): Promise<MessageDto> {
    const message = await this.requireAnswer(userId, messageId);
    const turnId = message.turnId ?? message.id;
    if (await this.repository.isTurnUnfinished(turnId)) {
      await this.bus.requestStop(turnId);
      const deadline = Date.now() + STOP_WAIT_MS;
      while (Date.now() < deadline && (await this.repository.isTurnUnfinished(turnId))) await sleep(50);
    }
    const turn = await this.repository.listTurn(turnId);
    return toMessageDto(lastAnswer(turn) ?? message);
  }

  /**
   * The turn's events as SSE messages: a finished turn replays from the database; otherwise the bus buffer
   * from `lastEventId` on, then live events, until `message.finished`.
   */
  async events(userId: string, messageId: string, lastEventIdText: string | undefined): Promise<Observable<MessageEvent>> {
    const lastEventId = parseLastEventId(lastEventIdText);
    const message = await this.requireAnswer(userId, messageId);
    const turnId = message.turnId ?? message.id;
    const finished = !(await this.repository.isTurnUnfinished(turnId));
    if (!finished) return this.followLive(turnId, lastEventId ?? 0);
    if (lastEventId === null) {
      const turn = (await this.repository.listTurn(turnId)).map((m) => toMessageDto(m));
      return from(replayTurn(turn).map((event, index) => toMessageEvent({ seq: index + 1, event })));
    }
    return from((await this.resumeFinished(turnId, lastEventId)).map(toMessageEvent));
  }

  /** A resume after the turn ended: the rest of the buffer, or just the final event when it is gone or lacks it. */
  private async resumeFinished(turnId: string, after: number): Promise<SequencedEvent[]> {
    const buffered = (await this.bus.read(turnId)) ?? [];
    const last = buffered[buffered.length - 1];
    const rest = buffered.filter((item) => item.seq > after);
    if (last?.event.type === 'message.finished') return rest;
    return [...rest, { seq: Math.max(after, last?.seq ?? 0) + 1, event: await this.finishedEventOf(turnId) }];
  }

  /**
   * Live events; if the turn ends in the database without its final event (its process died), one is made up.
   * A comment now and then keeps proxies from closing a stream that is quiet (a model thinking, a slow tool).
   */
  private followLive(turnId: string, after: number): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let last = after;
      let finishedChecks = 0;
      let checking = false;
      const live = this.bus.follow(turnId, after).subscribe({
        next: (item) => {
          last = item.seq;
          subscriber.next(toMessageEvent(item));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      const timer = setInterval(() => {
        if (checking || subscriber.closed) return;
        checking = true;
        this.checkEnded(turnId)
          .then(async (ended) => {
            // Twice in a row: the runner writes the database just before publishing the final event.
            finishedChecks = ended ? finishedChecks + 1 : 0;
            if (finishedChecks < 2 || subscriber.closed) return;
            const event = await this.finishedEventOf(turnId);
            if (subscriber.closed) return;
            subscriber.next(toMessageEvent({ seq: last + 1, event }));
            subscriber.complete();
          })
          .catch(() => undefined)
          .finally(() => (checking = false));
      }, FOLLOW_CHECK_MS);
      const keepAlive = setInterval(() => subscriber.next({ comment: 'keep-alive' }), KEEP_ALIVE_MS);
      return () => {
        clearInterval(timer);
        clearInterval(keepAlive);
        live.unsubscribe();
      };
    });
  }

  private async checkEnded(turnId: string): Promise<boolean> {
    return !(await this.repository.isTurnUnfinished(turnId));
  }

  private async finishedEventOf(turnId: string): Promise<StreamEvent> {
    return finishedEvent((await this.repository.listTurn(turnId)).map((m) => toMessageDto(m)));
  }

  private plan(
    userId: string,
    conversation: ConversationEntity,
    settings: UserSettings,
    turn: {
      turnId: string;
      parentId: string;
      model: string;
      toolSelection: ToolSelection | undefined;
      path: Parameters<typeof buildHistory>[0];
      titleFrom: string;
    },
  ): TurnPlan {
    const toolSelection = turn.toolSelection
      ? Object.fromEntries(Object.entries(turn.toolSelection).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'))
      : undefined;
    return {
      userId,
      conversationId: conversation.id,
      turnId: turn.turnId,
      parentId: turn.parentId,
      history: buildHistory(turn.path, conversation.systemPrompt ?? settings.systemPrompt),
      model: turn.model,
      temperature: settings.temperature ?? null,
      tools: this.tools.select(toolSelection),
      toolSelection,
      titleFrom: conversation.title === null ? turn.titleFrom : null,
    };
  }

  private async settingsOf(userId: string): Promise<UserSettings> {
    return (await this.users.findById(userId))?.settings ?? {};
  }

  private async requireAnswer(userId: string, messageId: string): Promise<MessageEntity> {
    const message = await this.repository.findMessage(userId, messageId);
    if (!message) throw ChatErrors.messageNotFound();
    if (message.role !== 'assistant') throw ChatErrors.notAnAnswer();
    return message;
  }
}

function toMessageEvent({ seq, event }: SequencedEvent): MessageEvent {
  return { id: String(seq), type: event.type, data: event };
}

function lastAnswer(turn: MessageEntity[]): MessageEntity | undefined {
  return turn.filter((m) => m.role === 'assistant').pop();
}

function parseLastEventId(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (!/^\d{1,15}$/.test(text)) throw ChatErrors.invalidLastEventId();
  return Number(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

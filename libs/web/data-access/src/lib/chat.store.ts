import { FINAL_MESSAGE_STATUSES, type ConversationDto, type MessageDto, type StreamEvent, type ToolkitDto, type ToolSelection } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { chatApi } from './chat-api.instance';
import { ChatStream, type EventSourceFactory, type StreamState } from './chat-stream';
import { applyStreamEvent, emptyLiveTurnState, type LiveTurnState } from './chat-turn';
import { useConversationsStore } from './conversations.store';
import { latestRequest } from './latest-request';

export interface SendOptions {
  model?: string;
  tools?: ToolSelection;
}

const isFinal = (message: MessageDto) => FINAL_MESSAGE_STATUSES.includes(message.status);

/** How often, and how far apart, a refused stream of an unfinished answer is tried again. */
const STREAM_RETRIES = 3;
const STREAM_RETRY_MS = 2000;

/**
 * The conversation on screen: its branch of messages, the turn being generated and its SSE stream. Stream events
 * mutate the messages in place (see applyStreamEvent), so a long conversation only re-renders what changed.
 */
export const useChatStore = defineStore('chat', () => {
  const conversation = ref<ConversationDto | null>(null);
  const messages = ref<MessageDto[]>([]);
  const loading = ref(false);
  const sending = ref(false);
  /** The turn whose events are followed (id of its first assistant message), null when idle. */
  const activeTurnId = ref<string | null>(null);
  const streamState = ref<StreamState | null>(null);
  const live = reactive<LiveTurnState>(emptyLiveTurnState());
  const stream = shallowRef<ChatStream | null>(null);
  /** Toolkits the server offers (e.g. `webSearch`); null until loaded or when unknown. */
  const toolkits = ref<ToolkitDto[] | null>(null);
  /** Test seam: how the SSE connection is made. */
  let createSource: EventSourceFactory | undefined;
  /** The newest `open` lands; a cleared or newly created conversation drops the one under way. */
  const opening = latestRequest(loading);
  /** Refused streams retried so far, by turn. */
  const retries = new Map<string, number>();

  const conversationId = computed(() => conversation.value?.id ?? null);
  const generating = computed(() => activeTurnId.value !== null);

  function setEventSourceFactory(factory: EventSourceFactory | undefined): void {
    createSource = factory;
  }

  function closeStream(): void {
    stream.value?.close();
    stream.value = null;
    activeTurnId.value = null;
    streamState.value = null;
  }

  function clear(): void {
    opening.invalidate();
    closeStream();
    conversation.value = null;
    messages.value = [];
    Object.assign(live, emptyLiveTurnState());
  }

  /** Loads a conversation's current branch and, if its last answer is still being written, follows it. */
  function open(id: string, leafId?: string): Promise<void> {
    if (conversation.value?.id !== id) {
      closeStream();
      messages.value = [];
      conversation.value = null;
    }
    return opening.run(
      () => Promise.all([chatApi.getConversation(id), chatApi.listMessages(id, leafId)]),
      ([loaded, branch]) => {
        conversation.value = loaded;
        messages.value = branch.messages;
        Object.assign(live, emptyLiveTurnState());
        followUnfinished(branch.messages);
      },
    );
  }

  /** Follows the branch's last answer if it is still being written; otherwise no stream stays open. */
  function followUnfinished(branch: MessageDto[]): void {
    const unfinished = [...branch].reverse().find((m) => m.role === 'assistant' && !isFinal(m));
    if (unfinished) follow(unfinished.turnId ?? unfinished.id);
    else closeStream();
  }

  function onEvent(turnId: string, event: StreamEvent): void {
    if (event.type === 'conversation.updated') {
      if (conversation.value?.id === event.conversation.id) conversation.value = event.conversation;
      useConversationsStore().upsert(event.conversation);
      return;
    }
    applyStreamEvent(messages.value, live, turnId, event);
    if (event.type === 'message.finished' && activeTurnId.value === turnId) {
      activeTurnId.value = null;
      stream.value = null;
    }
  }

  /** Follows a turn's events (replayed from its first one, then live). */
  function follow(turnId: string): void {
    closeStream();
    activeTurnId.value = turnId;
    const next = new ChatStream(
      chatApi.eventsUrl(turnId),
      {
        event: (event) => onEvent(turnId, event),
        state: (state) => {
          if (activeTurnId.value === turnId || state === 'finished') streamState.value = state;
          if (state === 'failed' && activeTurnId.value === turnId) void recoverFailedStream(turnId);
        },
      },
      createSource,
    );
    stream.value = next;
    next.open();
  }

  /**
   * The server refused the stream (EventSource gives up on an error status): show what the database holds and,
   * while the answer is still unfinished, follow it again a few times before reporting `failed`.
   */
  async function recoverFailedStream(turnId: string): Promise<void> {
    activeTurnId.value = null;
    const id = conversation.value?.id;
    if (!id) return;
    try {
      const branch = await chatApi.listMessages(id);
      if (conversation.value?.id !== id) return;
      messages.value = branch.messages;
      const unfinished = branch.messages.some((m) => (m.turnId ?? m.id) === turnId && !isFinal(m));
      if (!unfinished) {
        streamState.value = null;
      } else if ((retries.get(turnId) ?? 0) < STREAM_RETRIES) {
        retries.set(turnId, (retries.get(turnId) ?? 0) + 1);
        setTimeout(() => {
          if (conversation.value?.id === id && activeTurnId.value === null) follow(turnId);
        }, STREAM_RETRY_MS);
      } else {
        streamState.value = 'failed';
      }
    } catch {
      streamState.value = 'failed';
    }
  }

  /** Sends a message after the current leaf (creating the conversation first for a new chat); returns it. */
  async function send(content: string, options: SendOptions = {}): Promise<ConversationDto> {
    return submit(content, undefined, options);
  }

  /** Edits a user message: the new text becomes its sibling, and that branch is shown. */
  async function edit(message: MessageDto, content: string, options: SendOptions = {}): Promise<ConversationDto> {
    return submit(content, message, options);
  }

  async function submit(content: string, edited: MessageDto | undefined, options: SendOptions): Promise<ConversationDto> {
    sending.value = true;
    try {
      let target = conversation.value;
      if (!target) {
        target = await chatApi.createConversation(options.model ? { model: options.model } : {});
        opening.invalidate();
        conversation.value = target;
        messages.value = [];
      }
      const parentId = edited ? edited.parentId : undefined;
      const response = await chatApi.sendMessage(target.id, { content, parentId, model: options.model, tools: options.tools });
      conversation.value = response.conversation;
      useConversationsStore().upsert(response.conversation);
      const kept = edited ? messages.value.slice(0, messages.value.indexOf(edited)) : messages.value;
      const siblings = edited ? [...(edited.siblingIds ?? [edited.id]), response.userMessage.id] : undefined;
      messages.value = [...kept, { ...response.userMessage, siblingIds: siblings }, response.assistantMessage];
      follow(response.assistantMessage.turnId ?? response.assistantMessage.id);
      return response.conversation;
    } finally {
      sending.value = false;
    }
  }

  /** A new answer to the user message before `answer`'s turn, shown as its newest sibling. */
  async function regenerate(answer: MessageDto, options: SendOptions = {}): Promise<void> {
    sending.value = true;
    try {
      const turnRoot = messages.value.find((m) => m.id === (answer.turnId ?? answer.id)) ?? answer;
      const created = await chatApi.regenerate(answer.id, { model: options.model, tools: options.tools });
      const index = messages.value.indexOf(turnRoot);
      const kept = index === -1 ? messages.value : messages.value.slice(0, index);
      messages.value = [...kept, { ...created, siblingIds: [...(turnRoot.siblingIds ?? [turnRoot.id]), created.id] }];
      follow(created.turnId ?? created.id);
    } finally {
      sending.value = false;
    }
  }

  /** Stops the active turn; the stream then ends with `message.finished` (status `stopped`, partial text kept). */
  async function stop(): Promise<void> {
    const turnId = activeTurnId.value;
    if (!turnId) return;
    const stopped = await chatApi.stop(turnId);
    const index = messages.value.findIndex((m) => m.id === stopped.id);
    if (index !== -1 && isFinal(stopped)) messages.value[index] = { ...stopped, siblingIds: messages.value[index]!.siblingIds };
  }

  /** Shows the sibling branch through `siblingId` and makes it the conversation's default. */
  async function switchBranch(siblingId: string): Promise<void> {
    const id = conversation.value?.id;
    if (!id) return;
    const branch = await chatApi.listMessages(id, siblingId);
    if (conversation.value?.id !== id) return;
    messages.value = branch.messages;
    const updated = await chatApi.updateConversation(id, { currentLeafId: branch.leafId ?? siblingId });
    conversation.value = updated;
    followUnfinished(branch.messages);
  }

  /** Per-conversation model (the server stores it with the next message; this keeps the choice until then). */
  async function setModel(model: string | null): Promise<void> {
    if (!conversation.value) return;
    conversation.value = await chatApi.updateConversation(conversation.value.id, { model });
  }

  async function loadToolkits(): Promise<void> {
    try {
      toolkits.value = await chatApi.toolkits();
    } catch {
      toolkits.value = null;
    }
  }

  return {
    conversation,
    conversationId,
    messages,
    loading,
    sending,
    activeTurnId,
    streamState,
    generating,
    live,
    toolkits,
    loadToolkits,
    open,
    clear,
    follow,
    send,
    edit,
    regenerate,
    stop,
    switchBranch,
    setModel,
    setEventSourceFactory,
  };
});

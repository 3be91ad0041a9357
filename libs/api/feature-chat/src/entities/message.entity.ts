import type { ChatNotice, MessageDto, MessageRole, MessageStatus, ToolCall, UrlCitation, Usage } from '@kipux/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** What a generation remembers about how it was asked for, so a regenerate can ask the same way. */
export interface MessageMetadata {
  tools?: Record<string, boolean>;
  /** The provider's completion id and model name, as it reported them. */
  completionId?: string;
  upstreamModel?: string;
  /** Of a tool result: the tool's name. */
  name?: string;
  /** Of a tool result that read a stored web page: its `documents` row (so search finds the pages a chat read). */
  documentId?: string;
  /** Of an assistant step: what the user was told about it (`notice` events), in order. */
  notices?: ChatNotice[];
}

const numericToNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity('messages')
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'conversation_id' })
  conversationId: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('uuid', { name: 'turn_id', nullable: true })
  turnId: string | null;

  @Column('text')
  role: MessageRole;

  @Column('text')
  content: string;

  @Column('text', { nullable: true })
  reasoning: string | null;

  @Column('jsonb', { name: 'tool_calls', nullable: true })
  toolCalls: ToolCall[] | null;

  @Column('text', { name: 'tool_call_id', nullable: true })
  toolCallId: string | null;

  @Column('jsonb', { nullable: true })
  annotations: UrlCitation[] | null;

  @Column('text')
  status: MessageStatus;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text', { nullable: true })
  model: string | null;

  @Column('text', { nullable: true })
  provider: string | null;

  @Column('text', { name: 'finish_reason', nullable: true })
  finishReason: string | null;

  @Column('jsonb', { nullable: true })
  usage: Usage | null;

  @Column('numeric', { name: 'cost_usd', nullable: true, transformer: numericToNumber })
  costUsd: number | null;

  @Column('integer', { name: 'ttft_ms', nullable: true })
  ttftMs: number | null;

  @Column('integer', { name: 'latency_ms', nullable: true })
  latencyMs: number | null;

  @Column('integer', { name: 'reasoning_ms', nullable: true })
  reasoningMs: number | null;

  @Column('jsonb')
  metadata: MessageMetadata;

  /** The process running this generation, and when it last said it was alive (orphan detection). */
  @Column('text', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @Column('timestamptz', { name: 'heartbeat_at', nullable: true })
  heartbeatAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toMessageDto(message: MessageEntity, siblingIds?: string[]): MessageDto {
  return {
    id: message.id,
    conversationId: message.conversationId,
    parentId: message.parentId,
    turnId: message.turnId,
    role: message.role,
    content: message.content,
    reasoning: message.reasoning,
    toolCalls: message.toolCalls,
    toolCallId: message.toolCallId,
    annotations: message.annotations,
    status: message.status,
    error: message.error,
    model: message.model,
    provider: message.provider,
    finishReason: message.finishReason,
    usage: message.usage,
    costUsd: message.costUsd,
    ttftMs: message.ttftMs,
    latencyMs: message.latencyMs,
    reasoningMs: message.reasoningMs,
    ...(message.metadata.notices?.length ? { notices: message.metadata.notices } : {}),
    ...(siblingIds ? { siblingIds } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}

export function isUnfinished(status: MessageStatus): boolean {
  return status === 'pending' || status === 'streaming';
}

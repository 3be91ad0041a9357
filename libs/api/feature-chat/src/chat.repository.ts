import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { ConversationEntity } from './entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';

export interface ConversationFilter {
  q?: string;
  archived: boolean;
  limit: number;
  offset: number;
}

export type ConversationChanges = Partial<Pick<ConversationEntity, 'title' | 'model' | 'systemPrompt' | 'pinned' | 'archived' | 'currentLeafId'>>;

/** A message to insert; ids may be chosen by the caller so events can name rows before they are stored. */
export type NewMessage = Pick<MessageEntity, 'conversationId' | 'parentId' | 'role' | 'status'> &
  Partial<Omit<MessageEntity, 'createdAt' | 'updatedAt' | 'conversationId' | 'parentId' | 'role' | 'status'>>;

export type MessageChanges = Partial<
  Pick<
    MessageEntity,
    | 'content'
    | 'reasoning'
    | 'toolCalls'
    | 'annotations'
    | 'status'
    | 'error'
    | 'model'
    | 'provider'
    | 'finishReason'
    | 'usage'
    | 'costUsd'
    | 'ttftMs'
    | 'latencyMs'
    | 'reasoningMs'
    | 'metadata'
  >
>;

const UNFINISHED = ['pending', 'streaming'] as const;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** All chat SQL. Reads of user data take the user id, so another user's rows are never found. */
@Injectable()
export class ChatRepository {
  constructor(
    @InjectRepository(ConversationEntity) private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // Conversations

  createConversation(userId: string, fields: Pick<ConversationEntity, 'title' | 'model' | 'systemPrompt'>): Promise<ConversationEntity> {
    return this.conversations.save(this.conversations.create({ userId, ...fields, pinned: false, archived: false, currentLeafId: null, deletedAt: null }));
  }

  findConversation(userId: string, id: string): Promise<ConversationEntity | null> {
    return this.conversations
      .createQueryBuilder('c')
      .where('c.id = :id AND c.user_id = :userId AND c.deleted_at IS NULL', { id, userId })
      .getOne();
  }

  listConversations(userId: string, filter: ConversationFilter): Promise<[ConversationEntity[], number]> {
    const query = this.conversations
      .createQueryBuilder('c')
      .where('c.user_id = :userId AND c.deleted_at IS NULL AND c.archived = :archived', { userId, archived: filter.archived })
      .orderBy('c.pinned', 'DESC')
      .addOrderBy('c.updated_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset);
    if (filter.q) query.andWhere(`c.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(filter.q)}%` });
    return query.getManyAndCount();
  }

  async updateConversation(id: string, changes: ConversationChanges): Promise<void> {
    await this.conversations.update({ id }, changes);
  }

  /** Sets the title unless one was set meanwhile (by the user renaming it); answers the row if it changed. */
  async setTitleIfUnset(id: string, title: string): Promise<ConversationEntity | null> {
    const [rows] = (await this.dataSource.query(`UPDATE conversations SET title = $2 WHERE id = $1 AND title IS NULL AND deleted_at IS NULL RETURNING id`, [
      id,
      title,
    ])) as [Array<{ id: string }>, number];
    return rows.length > 0 ? this.conversations.findOneBy({ id }) : null;
  }

  async softDeleteConversation(id: string): Promise<void> {
    await this.conversations.update({ id }, { deletedAt: new Date() });
  }

  // Messages

  /** A message of a (not deleted) conversation of this user. */
  findMessage(userId: string, id: string): Promise<MessageEntity | null> {
    return this.messages
      .createQueryBuilder('m')
      .innerJoin(ConversationEntity, 'c', 'c.id = m.conversation_id')
      .where('m.id = :id AND c.user_id = :userId AND c.deleted_at IS NULL', { id, userId })
      .getOne();
  }

  findMessageById(id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ id });
  }

  /** Every message of a conversation: branch navigation works on the whole tree. */
  listMessages(conversationId: string): Promise<MessageEntity[]> {
    return this.messages.find({ where: { conversationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The steps of one generation (assistant messages and tool results), in order. */
  listTurn(turnId: string): Promise<MessageEntity[]> {
    return this.messages.find({ where: { turnId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async isTurnUnfinished(turnId: string): Promise<boolean> {
    return (await this.messages.countBy({ turnId, status: In([...UNFINISHED]) })) > 0;
  }

  /**
   * Stores new messages and moves the conversation's current leaf to the last one, in one transaction
   * (a user message with its pending answer, or a regenerated answer).
   */
  insertMessages(conversationId: string, rows: NewMessage[], conversationChanges: ConversationChanges = {}): Promise<MessageEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await this.insertAll(manager, rows);
      await manager.update(ConversationEntity, { id: conversationId }, { ...conversationChanges, currentLeafId: saved[saved.length - 1]!.id, updatedAt: new Date() });
      return saved;
    });
  }

  /**
   * Ends a step that called tools: stores its final state, the tool results and the next (pending) step in one
   * transaction, so the turn never looks finished in between. The current leaf follows if it was on this step.
   */
  advanceStep(step: { id: string; conversationId: string }, changes: MessageChanges, rows: NewMessage[]): Promise<MessageEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.update(MessageEntity, { id: step.id }, changes);
      const saved = await this.insertAll(manager, rows);
      await manager.update(ConversationEntity, { id: step.conversationId, currentLeafId: step.id }, { currentLeafId: saved[saved.length - 1]!.id });
      return saved;
    });
  }

  /** Saves a running step's text so far (also its heartbeat); only while it is still unfinished. */
  async checkpoint(id: string, changes: Pick<MessageChanges, 'content' | 'reasoning' | 'status'>): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update()
      .set({ ...changes, heartbeatAt: () => 'now()' })
      .where('id = :id AND status IN (:...unfinished)', { id, unfinished: UNFINISHED })
      .execute();
  }

  async finishMessage(id: string, conversationId: string, changes: MessageChanges): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(MessageEntity, { id }, changes);
      await manager.update(ConversationEntity, { id: conversationId }, { updatedAt: new Date() });
    });
  }

  async heartbeat(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.messages
      .createQueryBuilder()
      .update()
      .set({ heartbeatAt: () => 'now()' })
      .where('id IN (:...ids) AND status IN (:...unfinished)', { ids, unfinished: UNFINISHED })
      .execute();
  }

  /**
   * Marks generations nobody runs any more as interrupted: all unfinished ones (`staleAfterSeconds` null, the
   * only process just started), or those whose owner has not sent a heartbeat for that long.
   */
  async interruptOrphans(staleAfterSeconds: number | null, error: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `UPDATE messages SET status = 'interrupted', error = $1, updated_at = now()
       WHERE status IN ('pending', 'streaming')
         AND ($2::integer IS NULL OR heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2::integer))
       RETURNING id`,
      [error, staleAfterSeconds],
    )) as [Array<{ id: string }>, number];
    return rows[0].map((row) => row.id);
  }

  private async insertAll(manager: EntityManager, rows: NewMessage[]): Promise<MessageEntity[]> {
    const saved: MessageEntity[] = [];
    // One by one, so clock_timestamp() orders them as given.
    for (const row of rows) {
      saved.push(await manager.save(manager.create(MessageEntity, { content: '', metadata: {}, ...row })));
    }
    return saved;
  }
}

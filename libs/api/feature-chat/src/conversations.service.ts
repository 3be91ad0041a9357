import { Injectable } from '@nestjs/common';
import type { ConversationDto, ConversationMessagesDto, Page } from '@kipux/contracts';
import { ChatErrors } from './chat.exception';
import { ChatRepository, type ConversationChanges } from './chat.repository';
import type { CreateConversationDto, ListConversationsQueryDto, UpdateConversationDto } from './dto/conversation.dto';
import { toConversationDto, type ConversationEntity } from './entities/conversation.entity';
import { toMessageDto } from './entities/message.entity';
import { MessageTree } from './generation/branch';

@Injectable()
export class ConversationsService {
  constructor(private readonly repository: ChatRepository) {}

  async list(userId: string, query: ListConversationsQueryDto): Promise<Page<ConversationDto>> {
    const [rows, total] = await this.repository.listConversations(userId, { q: query.q, archived: query.archived ?? false, limit: query.limit, offset: query.offset });
    return { items: rows.map(toConversationDto), total, limit: query.limit, offset: query.offset };
  }

  async create(userId: string, body: CreateConversationDto): Promise<ConversationDto> {
    const conversation = await this.repository.createConversation(userId, {
      title: body.title?.trim() || null,
      model: body.model ?? null,
      systemPrompt: body.systemPrompt ?? null,
    });
    return toConversationDto(conversation);
  }

  async get(userId: string, id: string): Promise<ConversationDto> {
    return toConversationDto(await this.require(userId, id));
  }

  async update(userId: string, id: string, body: UpdateConversationDto): Promise<ConversationDto> {
    await this.require(userId, id);
    const changes: ConversationChanges = {};
    if (body.title !== undefined) changes.title = body.title.trim() || null;
    if (body.model !== undefined) changes.model = body.model;
    if (body.systemPrompt !== undefined) changes.systemPrompt = body.systemPrompt;
    if (body.pinned !== undefined) changes.pinned = body.pinned;
    if (body.archived !== undefined) changes.archived = body.archived;
    if (body.currentLeafId !== undefined) {
      const tree = new MessageTree(await this.repository.listMessages(id));
      if (!tree.get(body.currentLeafId)) throw ChatErrors.invalidLeaf();
      changes.currentLeafId = tree.newestLeafFrom(body.currentLeafId);
    }
    if (Object.keys(changes).length > 0) await this.repository.updateConversation(id, changes);
    return this.get(userId, id);
  }

  async remove(userId: string, id: string): Promise<void> {
    await this.require(userId, id);
    await this.repository.softDeleteConversation(id);
  }

  /** One branch: through `leafId` when given (continuing down its newest children), else the current one. */
  async messages(userId: string, id: string, leafId?: string): Promise<ConversationMessagesDto> {
    const conversation = await this.require(userId, id);
    const tree = new MessageTree(await this.repository.listMessages(id));
    let leaf: string | null;
    if (leafId) {
      if (!tree.get(leafId)) throw ChatErrors.messageNotFound();
      leaf = tree.newestLeafFrom(leafId);
    } else {
      leaf = conversation.currentLeafId && tree.get(conversation.currentLeafId) ? conversation.currentLeafId : tree.newestLeaf();
    }
    const path = leaf ? tree.pathTo(leaf) : [];
    return { conversationId: id, leafId: leaf, messages: path.map((message) => toMessageDto(message, tree.siblingIds(message))) };
  }

  async require(userId: string, id: string): Promise<ConversationEntity> {
    const conversation = await this.repository.findConversation(userId, id);
    if (!conversation) throw ChatErrors.conversationNotFound();
    return conversation;
  }
}

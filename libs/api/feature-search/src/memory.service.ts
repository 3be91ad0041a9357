import { Injectable, Logger } from '@nestjs/common';
import { UsersRepository } from '@kipux/api/auth';
import type { ChatTurnInfo, ChatTurnPreparation } from '@kipux/api/chat';
import { MAX_QUERY_CHARS } from './dto/search-query.dto';
import { SearchService } from './search.service';

/** Past messages added to a turn's context when the user's `memory` setting is on. */
const RECALLED = 4;
const EXCERPT_CHARS = 600;

/**
 * Optional memory: before a turn, the user's most relevant messages from OTHER conversations go into the
 * context (the user is told how many), so the model can build on what was discussed before. Pages read in
 * those chats are left out: they are untrusted web content, not what the user discussed.
 */
@Injectable()
export class MemoryService {
  private readonly logger = new Logger('MemoryService');

  constructor(
    private readonly users: UsersRepository,
    private readonly search: SearchService,
  ) {}

  async recall(turn: ChatTurnInfo): Promise<ChatTurnPreparation | null> {
    const question = turn.question.trim().slice(0, MAX_QUERY_CHARS);
    if (!question) return null;
    const user = await this.users.findById(turn.userId);
    if (!user?.settings.memory) return null;
    try {
      const found = await this.search.search(turn.userId, question, RECALLED, { excludeConversationId: turn.conversationId, pages: false });
      if (found.length === 0) return null;
      const lines = found.map(
        (hit) => `- ${hit.createdAt.slice(0, 10)}, "${hit.conversationTitle ?? 'untitled'}", ${hit.role === 'user' ? 'the user' : 'you'} wrote: ${hit.content.slice(0, EXCERPT_CHARS)}`,
      );
      return {
        context: `Messages from the user's earlier conversations that may be relevant (use them only if they help):\n${lines.join('\n')}`,
        notice: {
          code: 'memory.recalled',
          params: { count: found.length },
          message: `Recalled ${found.length} message${found.length === 1 ? '' : 's'} from past chats`,
        },
      };
    } catch (error) {
      // Memory is a bonus: the answer goes on without it.
      this.logger.warn(`Recall failed: ${(error as Error).message}`);
      return null;
    }
  }
}

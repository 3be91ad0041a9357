import { Injectable } from '@nestjs/common';
import type { ChatToolParam } from '@kipux/api/llm';
import type { ChatNotice, ToolkitDto, UrlCitation } from '@kipux/contracts';
import type { MessageMetadata } from '../entities/message.entity';

export interface ChatToolContext {
  userId: string;
  conversationId: string;
  /** The assistant message whose tool call this is. */
  messageId: string;
  /** The turn (generation) the call belongs to: its first assistant message's id. */
  turnId: string;
  /** Fires when the generation is stopped or the process shuts down. */
  signal: AbortSignal;
}

export interface ChatToolResult {
  /** What the model reads. */
  content: string;
  isError?: boolean;
  /** Sources to show under the answer (e.g. search results the model was given). */
  citations?: UrlCitation[];
  /** Told to the user as a `notice` event (e.g. "Web search is unavailable"); the model reads `content`. */
  notice?: ChatNotice;
  /** Kept on the stored tool message. */
  metadata?: Pick<MessageMetadata, 'documentId'>;
}

/** What a turn extension knows of the turn. */
export interface ChatTurnInfo {
  userId: string;
  conversationId: string;
  turnId: string;
  model: string;
  /** The user's message being answered. */
  question: string;
  /** Toolkits the request switched on. */
  toolSelection: Record<string, boolean> | undefined;
  /** False when no tools are offered: none selected, or the model cannot call functions. */
  toolsOffered: boolean;
  signal: AbortSignal;
}

/** What `beforeTurn` may add to a turn. */
export interface ChatTurnPreparation {
  /** A system message placed just before the user's message (e.g. search results for a model without tools). */
  context?: string;
  /** Told to the user as a `notice` event. */
  notice?: ChatNotice;
}

/**
 * Hooks around a whole turn, for modules whose tools need more than single calls (web search: results as
 * context for models without tools before the turn, the answer's `[n]` markers mapped to sources after it).
 */
export interface ChatTurnExtension {
  beforeTurn?(turn: ChatTurnInfo): Promise<ChatTurnPreparation | null>;
  /** Annotations of the turn's final answer (its `start_index`/`end_index` index into `content`). */
  annotate?(turn: ChatTurnInfo, content: string): UrlCitation[];
  /** The turn ended, whatever its status: forget what was kept for it. */
  afterTurn?(turn: ChatTurnInfo): void;
}

/** A function the model may call. Other modules register theirs in `ToolRegistry` (e.g. in `onModuleInit`). */
export interface ChatTool {
  name: string;
  description: string;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** The request switch that offers it: `tools: { [toolkit]: true }` (e.g. `webSearch`). */
  toolkit: string;
  execute(args: Record<string, unknown>, context: ChatToolContext): Promise<string | ChatToolResult>;
}

/** Tools the model may be offered, by name; a request picks them by toolkit. */
@Injectable()
export class ToolRegistry {
  private readonly tools = new Map<string, ChatTool>();
  private readonly turnExtensions: ChatTurnExtension[] = [];

  register(tool: ChatTool): void {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) throw new Error(`Invalid tool name "${tool.name}": letters, digits, _ and - only`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" is already registered`);
    this.tools.set(tool.name, tool);
  }

  extendTurns(extension: ChatTurnExtension): void {
    this.turnExtensions.push(extension);
  }

  extensions(): readonly ChatTurnExtension[] {
    return this.turnExtensions;
  }

  get(name: string): ChatTool | undefined {
    return this.tools.get(name);
  }

  hasToolkit(toolkit: string): boolean {
    return [...this.tools.values()].some((tool) => tool.toolkit === toolkit);
  }

  /** The tools of every toolkit switched on in `selection`. */
  select(selection: Record<string, boolean | undefined> | undefined): ChatTool[] {
    if (!selection) return [];
    return [...this.tools.values()].filter((tool) => selection[tool.toolkit] === true);
  }

  toolkits(): ToolkitDto[] {
    const byToolkit = new Map<string, ToolkitDto>();
    for (const tool of this.tools.values()) {
      const entry = byToolkit.get(tool.toolkit) ?? { toolkit: tool.toolkit, tools: [] };
      entry.tools.push({ name: tool.name, description: tool.description });
      byToolkit.set(tool.toolkit, entry);
    }
    return [...byToolkit.values()].sort((a, b) => a.toolkit.localeCompare(b.toolkit));
  }
}

export function toToolParam(tool: ChatTool): ChatToolParam {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}

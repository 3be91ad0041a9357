export * from './chat.module';
export { ChatHooks, type StoredMessageListener } from './chat-hooks';
export {
  ToolRegistry,
  type ChatTool,
  type ChatToolContext,
  type ChatToolResult,
  type ChatTurnExtension,
  type ChatTurnInfo,
  type ChatTurnPreparation,
} from './tools/tool-registry';

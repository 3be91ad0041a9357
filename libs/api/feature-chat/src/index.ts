export * from './chat.module';
export { ToolRegistry, type ChatTool, type ChatToolContext, type ChatToolResult } from './tools/tool-registry';
export { ConversationEntity } from './entities/conversation.entity';
export { MessageEntity } from './entities/message.entity';

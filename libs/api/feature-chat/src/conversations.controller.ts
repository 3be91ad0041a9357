import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, IdParam, type AuthUser } from '@kipux/api/http';
import type { ConversationDto, ConversationMessagesDto, Page, SendMessageResponse } from '@kipux/contracts';
import { ConversationsService } from './conversations.service';
import { CreateConversationDto, ListConversationsQueryDto, MessagesQueryDto, UpdateConversationDto } from './dto/conversation.dto';
import { SendMessageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('chat')
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListConversationsQueryDto): Promise<Page<ConversationDto>> {
    return this.conversations.list(user.id, query);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateConversationDto): Promise<ConversationDto> {
    return this.conversations.create(user.id, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @IdParam('id', 'Conversation') id: string): Promise<ConversationDto> {
    return this.conversations.get(user.id, id);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @IdParam('id', 'Conversation') id: string, @Body() body: UpdateConversationDto): Promise<ConversationDto> {
    return this.conversations.update(user.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @IdParam('id', 'Conversation') id: string): Promise<void> {
    return this.conversations.remove(user.id, id);
  }

  @Get(':id/messages')
  listMessages(@CurrentUser() user: AuthUser, @IdParam('id', 'Conversation') id: string, @Query() query: MessagesQueryDto): Promise<ConversationMessagesDto> {
    return this.conversations.messages(user.id, id, query.leafId);
  }

  @Post(':id/messages')
  send(@CurrentUser() user: AuthUser, @IdParam('id', 'Conversation') id: string, @Body() body: SendMessageDto): Promise<SendMessageResponse> {
    return this.messages.send(user.id, id, body);
  }
}


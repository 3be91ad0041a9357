import { Body, Controller, Get, Headers, HttpCode, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, IdParam, type AuthUser } from '@kipux/api/http';
import type { MessageDto, ToolkitDto } from '@kipux/contracts';
import type { Observable } from 'rxjs';
import { RegenerateDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('chat')
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** SSE: `event` = StreamEvent type, `data` = the StreamEvent, `id` = its sequence number. */
  @Sse('messages/:id/events')
  events(
    @CurrentUser() user: AuthUser,
    @IdParam('id', 'Message') id: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    return this.messages.events(user.id, id, lastEventIdHeader ?? lastEventIdQuery);
  }

  @Post('messages/:id/stop')
  @HttpCode(200)
  stop(@CurrentUser() user: AuthUser, @IdParam('id', 'Message') id: string): Promise<MessageDto> {
    return this.messages.stop(user.id, id);
  }

  @Post('messages/:id/regenerate')
  regenerate(@CurrentUser() user: AuthUser, @IdParam('id', 'Message') id: string, @Body() body: RegenerateDto): Promise<MessageDto> {
    return this.messages.regenerate(user.id, id, body);
  }

  @Get('chat/tools')
  tools(): ToolkitDto[] {
    return this.messages.toolkits();
  }
}

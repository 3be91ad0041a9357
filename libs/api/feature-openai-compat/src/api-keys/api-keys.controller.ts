import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, IdParam, type AuthUser } from '@kipux/api/http';
import type { ApiKeyDto, CreatedApiKeyDto } from '@kipux/contracts';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** The SPA's management of a user's own keys (session-authenticated). */
@ApiTags('api-keys')
@ApiCookieAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<ApiKeyDto[]> {
    return this.keys.list(user.id);
  }

  /** The answer holds the secret: the only time it is ever shown. */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(user.id, body.name);
  }

  @Delete(':id')
  revoke(@CurrentUser() user: AuthUser, @IdParam('id', 'API key') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(user.id, id);
  }
}

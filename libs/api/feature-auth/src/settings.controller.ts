import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@kipux/api/http';
import type { UserSettings } from '@kipux/contracts';
import { UpdateSettingsDto } from './dto/settings.dto';
import { UsersService } from './users.service';

@ApiTags('settings')
@Controller('me/settings')
export class SettingsController {
  constructor(private readonly users: UsersService) {}

  @Get()
  get(@CurrentUser() user: AuthUser): Promise<UserSettings> {
    return this.users.getSettings(user.id);
  }

  @Patch()
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateSettingsDto): Promise<UserSettings> {
    return this.users.updateSettings(user.id, body);
  }
}

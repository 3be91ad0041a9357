import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, IdParam, Roles, type AuthUser } from '@kipux/api/http';
import type { Page, UserDto } from '@kipux/contracts';
import { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @IdParam('id', 'User') id: string, @Body() body: AdminUpdateUserDto): Promise<UserDto> {
    return this.users.adminUpdate(user.id, id, body);
  }
}

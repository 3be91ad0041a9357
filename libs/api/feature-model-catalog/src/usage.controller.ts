import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@kipux/api/http';
import type { UsageReportDto } from '@kipux/contracts';
import { UsageQueryDto } from './dto/usage.dto';
import { UsageService } from './usage.service';

@ApiTags('usage')
@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** The caller's tokens and cost per day and model. */
  @Get('usage')
  own(@CurrentUser() user: AuthUser, @Query() query: UsageQueryDto): Promise<UsageReportDto> {
    return this.usage.report(query, user.id);
  }

  /** Everyone's, per day, model and user. */
  @Roles('admin')
  @Get('admin/usage')
  all(@Query() query: UsageQueryDto): Promise<UsageReportDto> {
    return this.usage.report(query);
  }
}

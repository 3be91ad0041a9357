import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class UsageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First UTC day (default: 29 days before `to`)' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date like 2026-11-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last UTC day, included (default: today)' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date like 2026-11-30' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to?: string;
}

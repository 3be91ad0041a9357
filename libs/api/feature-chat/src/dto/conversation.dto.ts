import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateConversationRequest, ListConversationsQuery, UpdateConversationRequest } from '@kipux/contracts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

export const MAX_TITLE = 200;
export const MAX_MODEL = 200;
export const MAX_SYSTEM_PROMPT = 8000;

const presentAndNotNull = (_: object, value: unknown) => value !== null && value !== undefined;

export class CreateConversationDto implements CreateConversationRequest {
  @ApiPropertyOptional({ maxLength: MAX_TITLE })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE)
  title?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: MAX_MODEL })
  @ValidateIf(presentAndNotNull)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MODEL)
  model?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: MAX_SYSTEM_PROMPT })
  @ValidateIf(presentAndNotNull)
  @IsString()
  @MaxLength(MAX_SYSTEM_PROMPT)
  systemPrompt?: string | null;
}

export class UpdateConversationDto extends CreateConversationDto implements UpdateConversationRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  pinned?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  currentLeafId?: string;
}

export class ListConversationsQueryDto implements ListConversationsQuery {
  @ApiPropertyOptional({ description: 'Title contains (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TITLE)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'true: archived conversations only; false: not archived only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class MessagesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Show the branch through this message (default: the current leaf)' })
  @IsOptional()
  @IsUUID()
  leafId?: string;
}

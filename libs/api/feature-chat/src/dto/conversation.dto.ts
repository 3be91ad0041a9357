import { PaginationQueryDto } from '@kipux/api/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateConversationRequest, ListConversationsQuery, UpdateConversationRequest } from '@kipux/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';

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

export class ListConversationsQueryDto extends PaginationQueryDto implements ListConversationsQuery {
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

}

export class MessagesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Show the branch through this message (default: the current leaf)' })
  @IsOptional()
  @IsUUID()
  leafId?: string;
}

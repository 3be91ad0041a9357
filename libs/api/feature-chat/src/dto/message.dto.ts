import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RegenerateRequest, SendMessageRequest, ToolSelection } from '@kipux/contracts';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { MAX_MODEL } from './conversation.dto';

export const MAX_CONTENT = 100_000;

/** `{ [toolkit]: boolean }`: toolkit names the registry does not know are ignored (that toolkit is not installed). */
function IsToolSelection(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isToolSelection',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).length <= 20 &&
          Object.entries(value).every(([key, flag]) => /^[A-Za-z][\w-]{0,63}$/.test(key) && typeof flag === 'boolean'),
        defaultMessage: () => 'tools must be an object of toolkit names to booleans, e.g. { "webSearch": true }',
      },
    },
    options,
  );
}

export class RegenerateDto implements RegenerateRequest {
  @ApiPropertyOptional({ maxLength: MAX_MODEL })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MODEL)
  model?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'boolean' }, example: { webSearch: true } })
  @IsOptional()
  @IsToolSelection()
  tools?: ToolSelection;
}

export class SendMessageDto extends RegenerateDto implements SendMessageRequest {
  @ApiProperty({ maxLength: MAX_CONTENT })
  @IsString()
  @MaxLength(MAX_CONTENT)
  @Matches(/\S/, { message: 'content must not be empty' })
  content: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Omitted: after the current leaf; null: a new first message' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID()
  parentId?: string | null;
}

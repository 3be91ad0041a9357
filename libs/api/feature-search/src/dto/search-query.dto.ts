import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const MAX_QUERY_CHARS = 500;

export class SearchQueryDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_QUERY_CHARS, description: 'Words to find (quotes for a phrase, -word to exclude)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'q must be text' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(MAX_QUERY_CHARS, { message: `q must be at most ${MAX_QUERY_CHARS} characters` })
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(50, { message: 'limit must be at most 50' })
  limit = 20;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { MODEL_CAPABILITIES, type AdminModelListQuery, type AdminModelSort, type AdminUpdateModelRequest, type ModelCapability } from '@kipux/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const SORTS: AdminModelSort[] = ['name', 'provider', 'priceIn', 'priceOut', 'context'];

/** Query strings carry booleans as text; anything but true/false is left for IsBoolean to reject. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListModelsQueryDto implements AdminModelListQuery {
  @ApiPropertyOptional({ description: 'Text in the name, display name, provider or description' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;

  @ApiPropertyOptional({ example: 'chat' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  mode?: string;

  @ApiPropertyOptional({ enum: MODEL_CAPABILITIES })
  @IsOptional()
  @IsIn(MODEL_CAPABILITIES)
  capability?: ModelCapability;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  available?: boolean;

  @ApiPropertyOptional({ enum: SORTS, default: 'name' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: AdminModelSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class AdminUpdateModelDto implements AdminUpdateModelRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'true makes this the only default model; false clears it' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'null or empty goes back to the model name' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  displayName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

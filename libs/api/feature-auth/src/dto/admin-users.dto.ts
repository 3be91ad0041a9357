import { PaginationQueryDto } from '@kipux/api/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AdminUpdateUserRequest, Role } from '@kipux/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class AdminUpdateUserDto implements AdminUpdateUserRequest {
  @ApiPropertyOptional({ enum: ['user', 'admin'] })
  @IsOptional()
  @IsIn(['user', 'admin'])
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LoginRequest, RegisterRequest } from '@kipux/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsPhoneNumber } from './phone';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const MIN_PASSWORD_LENGTH = 8;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'Ada Lovelace' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  // bcrypt only reads the first 72 bytes; longer would silently be truncated.
  @MaxLength(72)
  password: string;

  @ApiPropertyOptional({ example: '+34600111222', description: 'With its country code; stored in E.164.' })
  @Transform(({ value }) => (value === '' || value === null ? undefined : trim({ value })))
  @IsOptional()
  @IsPhoneNumber()
  phone?: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty()
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

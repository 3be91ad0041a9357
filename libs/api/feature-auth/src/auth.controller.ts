import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@kipux/api/config';
import { AppException, CurrentUser, Public, type AuthenticatedRequest, type AuthUser } from '@kipux/api/http';
import type { SessionDto } from '@kipux/contracts';
import type { Response } from 'express';
import { AuthService, type SignedIn } from './auth.service';
import { LoginDto, RegisterDto } from './dto/auth.dto';
import { toUserDto } from './entities/user.entity';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { UsersRepository } from './users.repository';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  async register(@Body() body: RegisterDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    return this.signIn(await this.auth.register(body, clientAddress(request)), request, response);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    return this.signIn(await this.auth.login(body, clientAddress(request)), request, response);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.session) await this.auth.logout(request.session.id);
    clearSessionCookies(response);
  }

  @Get('me')
  async me(@CurrentUser() current: AuthUser, @Req() request: AuthenticatedRequest): Promise<SessionDto> {
    const user = await this.users.findById(current.id);
    if (!user) throw AppException.unauthorized();
    return { user: toUserDto(user), csrfToken: request.session?.csrfToken ?? '' };
  }

  private signIn({ user, session }: SignedIn, request: AuthenticatedRequest, response: Response): SessionDto {
    setSessionCookies(this.config, request, response, session, this.auth.sessionTtlSeconds);
    return { user, csrfToken: session.csrfToken };
  }
}

function clientAddress(request: AuthenticatedRequest): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

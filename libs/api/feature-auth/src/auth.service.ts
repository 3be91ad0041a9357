import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { RateLimiter } from '@kipux/api/redis';
import type { UserDto } from '@kipux/contracts';
import bcrypt from 'bcryptjs';
import { AuthErrors } from './auth.exception';
import type { LoginDto, RegisterDto } from './dto/auth.dto';
import { toE164 } from './dto/phone';
import { toUserDto, type UserEntity } from './entities/user.entity';
import { SessionStore, type NewSession, type Session } from './session-store';
import { UsersRepository } from './users.repository';

/** Failed passwords in a row before the account locks, and for how long. */
export const LOCKOUT = { maxFailures: 5, seconds: 15 * 60 };
/** Sign-in and sign-up attempts allowed per client address per window. */
export const ATTEMPTS_PER_ADDRESS = { login: 30, register: 20, windowSeconds: 15 * 60 };

export interface SignedIn {
  user: UserDto;
  session: NewSession;
}

@Injectable()
export class AuthService {
  /** Compared against when the email is unknown, so timing does not reveal which emails exist. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionStore,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
  ) {
    this.dummyHash = bcrypt.hash('not-a-real-password', config.env.BCRYPT_ROUNDS);
  }

  async register(input: RegisterDto, clientAddress: string): Promise<SignedIn> {
    await this.limitAttempts('register', clientAddress, ATTEMPTS_PER_ADDRESS.register);
    if (await this.users.findByEmail(input.email)) throw AuthErrors.emailTaken();
    const passwordHash = await bcrypt.hash(input.password, this.config.env.BCRYPT_ROUNDS);
    const user = await this.users
      .create({ email: input.email, name: input.name, phone: input.phone ? toE164(input.phone) : null, passwordHash })
      .catch((error: unknown) => {
        // Lost a race with a simultaneous sign-up of the same email.
        if ((error as { code?: string }).code === '23505') throw AuthErrors.emailTaken();
        throw error;
      });
    return { user: toUserDto(user), session: await this.startSession(user) };
  }

  async login(input: LoginDto, clientAddress: string): Promise<SignedIn> {
    await this.limitAttempts('login', clientAddress, ATTEMPTS_PER_ADDRESS.login);
    const user = await this.users.findByEmail(input.email);
    if (!user) {
      await bcrypt.compare(input.password, await this.dummyHash);
      throw AuthErrors.invalidCredentials();
    }
    throwIfLocked(user.lockedUntil);
    if (!(await bcrypt.compare(input.password, user.passwordHash))) {
      const { lockedUntil } = await this.users.recordFailedLogin(user.id, LOCKOUT.maxFailures, LOCKOUT.seconds);
      throwIfLocked(lockedUntil);
      throw AuthErrors.invalidCredentials();
    }
    if (user.disabled) throw AuthErrors.accountDisabled();
    await this.users.recordSuccessfulLogin(user.id);
    return { user: toUserDto(user), session: await this.startSession(user) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.destroy(sessionId);
  }

  /** The session and its user for a cookie token, or null when expired, unknown or disabled. */
  async resolveSession(token: string): Promise<{ session: Session; user: UserEntity } | null> {
    const session = await this.sessions.findByToken(token);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    return { session, user };
  }

  get sessionTtlSeconds(): number {
    return this.config.env.SESSION_TTL_HOURS * 3600;
  }

  private startSession(user: UserEntity): Promise<NewSession> {
    return this.sessions.create(user.id, this.sessionTtlSeconds);
  }

  private async limitAttempts(action: string, clientAddress: string, limit: number): Promise<void> {
    const result = await this.rateLimiter.hit(`auth:${action}:${clientAddress}`, limit, ATTEMPTS_PER_ADDRESS.windowSeconds);
    if (!result.allowed) throw AuthErrors.tooManyAttempts(result.retryAfterSeconds);
  }
}

function throwIfLocked(lockedUntil: Date | null): void {
  const remainingMs = lockedUntil ? lockedUntil.getTime() - Date.now() : 0;
  if (remainingMs > 0) throw AuthErrors.accountLocked(remainingMs / 1000);
}

import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES, AppException, type AuthenticatedRequest } from '@kipux/api/http';
import { CSRF_HEADER, SESSION_COOKIE, type Role } from '@kipux/contracts';
import { timingSafeEqual } from 'node:crypto';
import { AuthErrors } from '../auth.exception';
import { AuthService } from '../auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs a valid session unless marked `@Public()`. Cookie-authenticated
 * mutations must carry the session's CSRF token, and no browser may mutate from another origin.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && isCrossOrigin(request)) throw AuthErrors.crossOrigin();
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;

    const token: unknown = request.cookies?.[SESSION_COOKIE];
    const resolved = typeof token === 'string' && token ? await this.auth.resolveSession(token) : null;
    if (!resolved) throw AppException.unauthorized();
    if (unsafe && !sameSecret(request.header(CSRF_HEADER), resolved.session.csrfToken)) throw AuthErrors.csrfInvalid();

    request.user = { id: resolved.user.id, email: resolved.user.email, role: resolved.user.role };
    request.session = { id: resolved.session.id, csrfToken: resolved.session.csrfToken };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(resolved.user.role)) throw AppException.forbidden();
    return true;
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Browsers always send Origin on cross-site POSTs; programs without it (curl, SDKs) are not browsers. */
function isCrossOrigin(request: AuthenticatedRequest): boolean {
  const origin = request.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.header('host');
  } catch {
    return true;
  }
}

import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@kipux/contracts';
import type { Request } from 'express';
import { AppException } from './app-exception';

/** Who is calling, attached to the request by the auth guard (session cookie or API key). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** Set when the caller authenticated with an API key instead of a session. */
  apiKeyId?: string;
}

export type AuthenticatedRequest = Request & { user?: AuthUser; session?: { id: string; csrfToken: string } };

export const IS_PUBLIC = 'kipux:public';
export const REQUIRED_ROLES = 'kipux:roles';

/** The route needs no session (login, register, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw AppException.unauthorized();
  return user;
});

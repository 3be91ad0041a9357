import { AppConfig } from '@kipux/api/config';
import { CSRF_COOKIE, SESSION_COOKIE } from '@kipux/contracts';
import type { Request, Response } from 'express';
import type { NewSession } from './session-store';

/** The session cookie is httpOnly; the CSRF cookie is readable by the SPA, which echoes it in a header. */
export function setSessionCookies(config: AppConfig, request: Request, response: Response, session: NewSession, ttlSeconds: number): void {
  const common = { sameSite: 'lax' as const, secure: isSecure(config, request), path: '/', maxAge: ttlSeconds * 1000 };
  response.cookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  response.cookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { path: '/' });
  response.clearCookie(CSRF_COOKIE, { path: '/' });
}

function isSecure(config: AppConfig, request: Request): boolean {
  const setting = config.env.COOKIE_SECURE;
  return setting === 'auto' ? request.secure : setting === 'true';
}

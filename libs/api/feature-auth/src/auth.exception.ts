import { AppException } from '@kipux/api/http';

export const AuthErrors = {
  emailTaken: () => AppException.conflict('email_taken', 'An account with this email already exists.', { email: ['email is already registered'] }),
  invalidCredentials: () => AppException.unauthorized('invalid_credentials', 'Wrong email or password.'),
  accountDisabled: () => AppException.forbidden('account_disabled', 'This account has been disabled by an administrator.'),
  accountLocked: (retryAfterSeconds: number) =>
    AppException.tooManyRequests('account_locked', 'Too many failed sign-in attempts. The account is locked for a while; try again later.', retryAfterSeconds),
  tooManyAttempts: (retryAfterSeconds: number) =>
    AppException.tooManyRequests('too_many_attempts', 'Too many attempts from your address. Try again later.', retryAfterSeconds),
  csrfInvalid: () => AppException.forbidden('csrf_invalid', 'Missing or wrong X-CSRF-Token header; reload the page and try again.'),
  crossOrigin: () => AppException.forbidden('cross_origin', 'Cross-origin requests are not allowed.'),
  cannotModifySelf: () => AppException.badRequest('cannot_modify_self', 'Administrators cannot change their own role or disable themselves.'),
};

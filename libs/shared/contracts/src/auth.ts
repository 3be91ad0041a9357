export type Role = 'user' | 'admin';
export type Locale = 'es' | 'en';
export type Theme = 'light' | 'dark' | 'system';

export interface UserSettings {
  locale?: Locale;
  theme?: Theme;
  defaultModel?: string | null;
  systemPrompt?: string;
  temperature?: number | null;
  /** Recall relevant past messages from other conversations into new chats. */
  memory?: boolean;
}

export interface UserDto {
  id: string;
  email: string;
  name: string;
  /** E.164, e.g. +34600111222 */
  phone: string | null;
  role: Role;
  disabled: boolean;
  settings: UserSettings;
  createdAt: string;
}

export interface RegisterRequest {
  name: string;
  email: string;
  password: string;
  phone?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** Answer of login/register/me: the user and the CSRF token to send as `X-CSRF-Token`. */
export interface SessionDto {
  user: UserDto;
  csrfToken: string;
}

export interface AdminUpdateUserRequest {
  role?: Role;
  disabled?: boolean;
}

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'kipux_session';
export const CSRF_COOKIE = 'kipux_csrf';

import type { LoginRequest, RegisterRequest, SessionDto } from '@kipux/contracts';
import type { ApiClient } from './api-client';

export function createAuthApi(client: ApiClient) {
  return {
    register: (request: RegisterRequest) => client.post<SessionDto>('/api/auth/register', request),
    login: (request: LoginRequest) => client.post<SessionDto>('/api/auth/login', request),
    logout: () => client.post<void>('/api/auth/logout'),
    me: () => client.get<SessionDto>('/api/auth/me'),
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;

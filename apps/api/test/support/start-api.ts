import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@kipux/api/config';
import { prepareTarget, type TestTarget } from '@kipux/api/testing';
import { CSRF_HEADER } from '@kipux/contracts';
import request from 'supertest';
import { createApp } from '../../src/create-app';

export interface RunningApi {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real app (AppModule, global wiring) on a fresh database of the target. */
export async function startApi(target: TestTarget, extraEnv: Record<string, string> = {}): Promise<RunningApi> {
  const prepared = await prepareTarget(target, { WEB_DIST_DIR: '/nonexistent', ...extraEnv });
  const app = await createApp(AppConfig.fromEnv(prepared.env));
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    close: async () => {
      await app.close();
      await prepared.cleanup();
    },
  };
}

let counter = 0;

export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}@example.com`;
}

/** A signed-in browser-like client: keeps cookies and sends the CSRF header on mutations. */
export async function signUp(api: RunningApi, overrides: Record<string, unknown> = {}) {
  const agent = request.agent(api.app.getHttpServer());
  const body = { name: 'Test User', email: uniqueEmail(), password: 'correct horse battery', ...overrides };
  const response = await agent.post('/api/auth/register').send(body).expect(201);
  const csrf = response.body.csrfToken as string;
  return {
    agent,
    user: response.body.user as { id: string; email: string; role: string },
    password: body.password as string,
    csrf,
    withCsrf: { [CSRF_HEADER]: csrf },
  };
}

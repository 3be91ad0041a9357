import type { PreparedTarget, TestTarget } from '@kipux/api/testing';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { ChatClient, listenApi, prepareChatTarget, type ChatApi } from './chat-client';

export interface ApiSession {
  fakes: FakeUpstreams;
  /** The database (and Redis prefix) the app runs on; another instance can share it through `prepared.env`. */
  prepared: PreparedTarget;
  api: ChatApi;
  /** The first account signed up, so an admin. */
  client: ChatClient;
  close(): Promise<void>;
}

export interface ApiSessionOptions {
  /** What fake-upstreams lists at `/model/info`; the recorded fixture when left out. */
  modelInfo?: unknown;
}

/** Fake-upstreams as LiteLLM, the real app listening on a fresh database of the target, and a signed-up user. */
export async function startApiSession(
  target: TestTarget,
  env: (fakes: FakeUpstreams) => Record<string, string> = () => ({}),
  options: ApiSessionOptions = {},
): Promise<ApiSession> {
  // Newest first, so a setup that fails half-way still closes what it started.
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers) await closer();
  };
  try {
    // The key prepareChatTarget gives the app.
    const fakes = await startFakeUpstreams({ apiKey: 'sk-test', modelInfo: options.modelInfo });
    closers.unshift(() => fakes.close());
    const prepared = await prepareChatTarget(target, fakes.url, env(fakes));
    closers.unshift(() => prepared.cleanup());
    const api = await listenApi(prepared.env);
    closers.unshift(() => api.close());
    const client = await ChatClient.signUp(api.url);
    return { fakes, prepared, api, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}

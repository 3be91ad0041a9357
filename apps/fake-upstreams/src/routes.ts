import { litellmRoutes } from './litellm/litellm.routes';
import type { FakeRoute } from './route';
import { browserlessRoutes } from './web/browserless.routes';
import { searxngRoutes } from './web/searxng.routes';

/** Every upstream the fake plays. SearXNG and browserless add their lists here, from their own folders. */
export const ROUTES: FakeRoute[] = [...litellmRoutes, ...searxngRoutes, ...browserlessRoutes];

import { litellmRoutes } from './litellm/litellm.routes';
import type { FakeRoute } from './route';

/** Every upstream the fake plays. SearXNG and browserless add their lists here, from their own folders. */
export const ROUTES: FakeRoute[] = [...litellmRoutes];

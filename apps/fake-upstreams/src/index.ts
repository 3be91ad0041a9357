export { startFakeUpstreams, type FakeUpstreams, type FakeUpstreamsOptions } from './fake-upstreams.server';
export type { FakeRoute, ModelInfoBody, RecordedRequest, RouteContext } from './route';
export { scenarioDeployments } from './litellm/model-info';
export { fakeEmbedding } from './litellm/embeddings.handler';
export { XSS_MARKDOWN } from './litellm/scripted.scenarios';

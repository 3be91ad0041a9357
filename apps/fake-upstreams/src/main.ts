import { findFixturesDir, readJsonFile } from './fixtures.util';
import { startFakeUpstreams } from './fake-upstreams.server';
import { scenarioDeployments } from './litellm/model-info';
import type { ModelInfoBody } from './route';

/**
 * `npm run fake-upstreams`: serves the fakes on PORT (4010) for the demo and manual testing.
 * FAKE_MODEL_INFO (a JSON file) replaces the recorded `/model/info`; FAKE_API_KEY requires that key.
 * The scripted scenario models are listed next to the recorded deployments so a model picker offers them.
 */
async function main(): Promise<void> {
  const recorded = readJsonFile<ModelInfoBody>(process.env['FAKE_MODEL_INFO'] ?? `${findFixturesDir()}/litellm/model_info.json`);
  const fakes = await startFakeUpstreams({
    port: Number(process.env['PORT'] ?? 4010),
    host: process.env['HOST'] ?? '127.0.0.1',
    apiKey: process.env['FAKE_API_KEY'] || undefined,
    modelInfo: { data: [...recorded.data, ...scenarioDeployments()] },
  });
  console.log(`fake-upstreams listening on ${fakes.url}`);
  const stop = () => {
    fakes.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

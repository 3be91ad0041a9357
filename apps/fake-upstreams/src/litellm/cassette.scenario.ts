import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../fixtures.util';
import { delayFromParams, type ChatPlan, type ScenarioContext } from './chat-plan';
import type { ChatMessage, ChatRequestBody } from './chat-request';
import { chunksToCompletion } from './completion.builder';

/** A recorded exchange as stored under `fixtures/cassettes/`. */
export interface Cassette {
  source?: string;
  interactions: Array<{
    request: { body: ChatRequestBody };
    response: { sse: string; status: number };
  }>;
}

const CASSETTE_PREFIX = 'cassette/';

export function loadCassette(fixturesDir: string, name: string): Cassette | null {
  // Names come from requests: only plain file names, never a path.
  if (!/^[\w-]+$/.test(name)) return null;
  const path = join(fixturesDir, 'cassettes', `${name}.json`);
  return existsSync(path) ? readJsonFile<Cassette>(path) : null;
}

/** The `data:` payloads of a raw SSE body, exactly as recorded, without the final `[DONE]`. */
export function ssePayloads(sse: string): string[] {
  return sse
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.replace(/^data: ?/, '')).join('\n'))
    .filter((data) => data !== '' && data !== '[DONE]');
}

/**
 * `cassette/<file>`: replays the recorded interaction whose request matches the incoming one. A multi-turn
 * cassette is matched on the sequence of message roles (so the follow-up carrying `tool` results gets the
 * second recording), falling back to whether tool results are present, then to the first interaction.
 */
export function cassetteScenario(ctx: ScenarioContext): ChatPlan | null {
  if (!ctx.model.name.startsWith(CASSETTE_PREFIX)) return null;
  const cassette = loadCassette(ctx.state.fixturesDir, ctx.model.name.slice(CASSETTE_PREFIX.length));
  if (!cassette || cassette.interactions.length === 0) return null;
  const interaction = matchInteraction(cassette, ctx.request.messages);
  const events = ssePayloads(interaction.response.sse);
  return {
    kind: 'stream',
    events,
    delayMs: delayFromParams(ctx.model.params),
    end: 'done',
    completion: chunksToCompletion(events.map((event) => JSON.parse(event) as Record<string, unknown>)),
  };
}

function matchInteraction(cassette: Cassette, messages: ChatMessage[]): Cassette['interactions'][number] {
  const roles = (list: ChatMessage[]) => list.map((m) => m.role).join(',');
  const hasToolResults = (list: ChatMessage[]) => list.some((m) => m.role === 'tool');
  const { interactions } = cassette;
  return (
    interactions.find((i) => roles(i.request.body.messages) === roles(messages)) ??
    interactions.find((i) => hasToolResults(i.request.body.messages) === hasToolResults(messages)) ??
    interactions[0]
  );
}

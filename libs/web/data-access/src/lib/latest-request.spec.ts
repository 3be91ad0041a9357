import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { latestRequest } from './latest-request';

/** A request the test answers when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('latestRequest', () => {
  it('lands only the newest answer and clears loading when it arrives', async () => {
    const loading = ref(false);
    const landed: string[] = [];
    const { run } = latestRequest(loading);
    const first = deferred<string>();
    const second = deferred<string>();
    const runs = [run(() => first.promise, (answer) => landed.push(answer)), run(() => second.promise, (answer) => landed.push(answer))];
    expect(loading.value).toBe(true);
    second.resolve('second');
    first.resolve('first');
    await Promise.all(runs);
    expect(landed).toEqual(['second']);
    expect(loading.value).toBe(false);
  });

  it('drops the request under way on invalidate and stops loading at once (e.g. "new chat" while one opens)', async () => {
    const loading = ref(false);
    const landed: string[] = [];
    const { run, invalidate } = latestRequest(loading);
    const pending = deferred<string>();
    const running = run(() => pending.promise, (answer) => landed.push(answer));
    expect(loading.value).toBe(true);
    invalidate();
    expect(loading.value).toBe(false);
    pending.resolve('too late');
    await running;
    expect(landed).toEqual([]);
    expect(loading.value).toBe(false);
  });
});

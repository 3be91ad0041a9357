import type { Ref } from 'vue';

/**
 * Requests that may overtake each other (typing fast, filters changed quickly, a refresh over a poll): only the
 * newest one lands its answer and clears `loading`; an older answer is dropped. `invalidate` drops the one under
 * way (e.g. when the state it would fill was replaced meanwhile).
 */
export function latestRequest(loading: Ref<boolean>) {
  let latest = 0;

  async function run<T>(request: () => Promise<T>, land: (answer: T) => void): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    try {
      const answer = await request();
      if (ticket === latest) land(answer);
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  function invalidate(): void {
    latest += 1;
    // The dropped request will not clear it, and nothing else is under way.
    loading.value = false;
  }

  return { run, invalidate };
}

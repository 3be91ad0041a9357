/** The text of the last user message: what a `web_search_options` request searches for. */
export function lastUserText(messages: ReadonlyArray<{ role: string; content?: unknown }>): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      return message.content
        .filter((part): part is { type: 'text'; text: string } => (part as { type?: unknown }).type === 'text')
        .map((part) => part.text)
        .join('\n');
    }
  }
  return '';
}

/** The messages with a system message just before the last user message (where search results belong). */
export function withContextBeforeLastUser<T extends { role: string }>(messages: readonly T[], context: string): Array<T | { role: 'system'; content: string }> {
  let index = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      index = i;
      break;
    }
  }
  return [...messages.slice(0, index), { role: 'system', content: context }, ...messages.slice(index)];
}

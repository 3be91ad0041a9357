const FALLBACK_WORDS = 8;
const MAX_TITLE_LENGTH = 80;

function clip(text: string): string {
  return text.length > MAX_TITLE_LENGTH ? `${text.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : text;
}

/** The first words of the user's message: the title when the model cannot give one. */
export function fallbackTitle(userText: string): string {
  const words = userText.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return 'New conversation';
  const head = words.slice(0, FALLBACK_WORDS).join(' ');
  return clip(words.length > FALLBACK_WORDS ? `${head}…` : head);
}

/** A model's answer to "give a title" made presentable: first line, no quotes, labels or markdown; null if empty. */
export function cleanTitle(answer: string | null | undefined): string | null {
  if (!answer) return null;
  const withoutThinking = answer.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const line = withoutThinking
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return null;
  const cleaned = line
    .replace(/^(title|título)\s*:\s*/i, '')
    .replace(/^[#*_`\s]+|[*_`\s]+$/g, '')
    .replace(/^["'“”‘’«»]+|["'“”‘’«».]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? clip(cleaned) : null;
}

export const TITLE_PROMPT =
  'Write a short title (at most 6 words) for a conversation that starts with the message below. ' +
  'Answer with the title only, in the language of the message, without quotes.';

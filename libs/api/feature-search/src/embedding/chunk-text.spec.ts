import { chunkText } from './chunk-text';

describe('chunkText', () => {
  it('keeps a short text whole and drops an empty one', () => {
    expect(chunkText('  hello world  ')).toEqual(['hello world']);
    expect(chunkText('   ')).toEqual([]);
  });

  it('cuts a long text at sentence ends, each piece within the size, overlapping, covering all of it', () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} talks about topic ${i}.`);
    const text = sentences.join(' ');
    const chunks = chunkText(text, 300, 40);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(300);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('.')).toBe(true);
    for (const sentence of sentences) expect(chunks.some((chunk) => chunk.includes(sentence))).toBe(true);
  });
});

import { fakeEmbedding } from './embeddings.handler';

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe('fakeEmbedding', () => {
  it('is deterministic, sized and L2-normalized', () => {
    const vector = fakeEmbedding('The quick brown fox', 64);
    expect(vector).toHaveLength(64);
    expect(fakeEmbedding('The quick brown fox', 64)).toEqual(vector);
    expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it('ignores case and punctuation, and makes texts sharing words similar', () => {
    expect(fakeEmbedding('Quick, brown fox!', 256)).toEqual(fakeEmbedding('quick brown fox', 256));
    const base = fakeEmbedding('postgres vector search with pgvector', 256);
    const related = fakeEmbedding('vector search in postgres', 256);
    const unrelated = fakeEmbedding('bake sourdough bread tonight', 256);
    expect(cosine(base, related)).toBeGreaterThan(cosine(base, unrelated) + 0.3);
  });

  it('gives a unit vector for text without words', () => {
    expect(norm(fakeEmbedding('', 8))).toBeCloseTo(1, 10);
    expect(norm(fakeEmbedding('?!', 8))).toBeCloseTo(1, 10);
  });
});

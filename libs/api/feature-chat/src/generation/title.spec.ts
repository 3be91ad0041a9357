import { cleanTitle, fallbackTitle } from './title';

describe('titles', () => {
  it('falls back to the first words of the message', () => {
    expect(fallbackTitle('  How do I   bake sourdough bread at home with a cast iron pot?')).toBe('How do I bake sourdough bread at home…');
    expect(fallbackTitle('Hola')).toBe('Hola');
    expect(fallbackTitle('   ')).toBe('New conversation');
    expect(fallbackTitle('x'.repeat(300)).length).toBeLessThanOrEqual(80);
  });

  it('cleans what the model answered', () => {
    expect(cleanTitle('"Sourdough Basics"')).toBe('Sourdough Basics');
    expect(cleanTitle('Title: **Baking bread**\n\nmore text')).toBe('Baking bread');
    expect(cleanTitle('<think>let me think</think>\nPan casero.')).toBe('Pan casero');
    expect(cleanTitle('  \n ')).toBeNull();
    expect(cleanTitle(null)).toBeNull();
  });
});

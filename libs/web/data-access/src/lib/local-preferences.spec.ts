import { describe, expect, it } from 'vitest';
import { browserLocale } from './local-preferences';

describe('browserLocale', () => {
  it('picks the first supported language, ignoring region', () => {
    expect(browserLocale(['fr-FR', 'es-MX', 'en-US'])).toBe('es');
    expect(browserLocale(['en-GB'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(browserLocale(['de-DE'])).toBe('en');
    expect(browserLocale([])).toBe('en');
  });
});

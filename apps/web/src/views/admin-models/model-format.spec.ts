import { describe, expect, it } from 'vitest';
import { pricePerMillion, tokenCount, usd } from './model-format';

describe('model catalog formatting', () => {
  it('shows per-token prices per million tokens', () => {
    expect(pricePerMillion(1.25e-6, 'en')).toBe('$1.25');
    expect(pricePerMillion(7.5e-8, 'en')).toBe('$0.075');
    expect(pricePerMillion(0, 'en')).toBe('$0.00');
    expect(pricePerMillion(null, 'en')).toBe('—');
    expect(pricePerMillion(2.5e-6, 'es')).toMatch(/^2,50\s?US\$$/);
  });

  it('abbreviates token counts', () => {
    expect(tokenCount(1048576, 'en')).toBe('1M');
    expect(tokenCount(128000, 'en')).toBe('128K');
    expect(tokenCount(65535, 'en')).toBe('65.5K');
    expect(tokenCount(null, 'en')).toBe('—');
  });

  it('keeps small costs readable', () => {
    expect(usd(0.00625, 'en')).toBe('$0.00625');
    expect(usd(0.0000039123, 'en')).toBe('$0.00000391');
    expect(usd(12.5, 'en')).toBe('$12.50');
    expect(usd(0, 'en')).toBe('$0.00');
  });
});

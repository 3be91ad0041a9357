import { describe, expect, it } from 'vitest';
import { payloadDetail, payloadPreview, progressPercent } from './embedding-format';

describe('embedding status formatting', () => {
  it('rounds progress down so 100% means done', () => {
    expect(progressPercent(0.999, 'en')).toBe('99%');
    expect(progressPercent(1, 'en')).toBe('100%');
    expect(progressPercent(0, 'en')).toBe('0%');
    expect(progressPercent(0.5, 'es')).toMatch(/^50\s?%$/);
  });

  it('shows a payload on one short line, and whole when expanded', () => {
    const payload = { messageIds: ['0b6f4f2e-5d3c-4c39-9a55-1f1d2a3b4c5d', '7c2e9a10-4b6d-4e8f-a1b2-c3d4e5f60718'] };
    const preview = payloadPreview(payload);
    expect(preview).toHaveLength(60);
    expect(preview.startsWith('{"messageIds":["0b6f4f2e')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
    expect(payloadPreview({ documentIds: [] })).toBe('{"documentIds":[]}');
    expect(payloadPreview(undefined)).toBe('undefined');
    expect(payloadDetail(payload)).toContain('\n  "messageIds": [\n');
  });
});

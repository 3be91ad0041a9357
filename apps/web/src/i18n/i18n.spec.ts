import { describe, expect, it } from 'vitest';
import { createAppI18n } from '.';
import en from './en';
import es from './es';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('i18n messages', () => {
  it('Spanish and English have exactly the same keys', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });

  it('no message is empty', () => {
    for (const [locale, messages] of Object.entries({ es, en })) {
      for (const key of keys(messages)) {
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        expect(typeof text === 'string' && text.trim().length > 0, `${locale}: ${key}`).toBe(true);
      }
    }
  });

  it('every message compiles and interpolates in both locales', () => {
    const i18n = createAppI18n('es');
    const { t } = i18n.global;
    for (const locale of ['es', 'en'] as const) {
      i18n.global.locale.value = locale;
      for (const key of keys(en)) expect(() => t(key, { name: 'Ana', min: 8, max: 10, count: 1, seconds: 5, id: 'x', from: 1, to: 2, total: 3 })).not.toThrow();
    }
    i18n.global.locale.value = 'en';
    expect(t('auth.register.emailPlaceholder')).toBe('you@company.com');
    expect(t('home.greeting', { name: 'Ana' })).toBe('Hello, Ana');
  });
});

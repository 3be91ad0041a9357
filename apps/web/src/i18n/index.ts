import type { Locale } from '@kipux/contracts';
import { createI18n } from 'vue-i18n';
import en from './en';
import es from './es';

export type MessageSchema = typeof en;

export const messages: Record<Locale, MessageSchema> = { en, es };

export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

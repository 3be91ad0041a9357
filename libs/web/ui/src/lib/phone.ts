import type { ItiUtils, ValidationError } from 'intl-tel-input';

export interface PhoneValidation {
  /** True when empty (the phone is optional) or a valid number. */
  valid: boolean;
  empty: boolean;
  /** E.164 (+34600111222) when valid and not empty, else null. */
  e164: string | null;
  /** libphonenumber's reason when invalid (TOO_SHORT, INVALID_COUNTRY_CODE, ...). */
  error: ValidationError | 'INVALID' | null;
}

let utilsPromise: Promise<ItiUtils> | null = null;

/**
 * intl-tel-input's libphonenumber build, bundled as its own lazy chunk (no CDN: the app works
 * offline). Shared by the PhoneInput component and validation helpers.
 */
export function loadPhoneUtils(): Promise<ItiUtils> {
  utilsPromise ??= import('intl-tel-input/utils').then((module) => module.default);
  return utilsPromise;
}

/** Checks a number typed in national or international form for the selected country (ISO2). */
export function validatePhone(utils: ItiUtils, raw: string, iso2: string | undefined): PhoneValidation {
  const number = raw.trim();
  if (!number) return { valid: true, empty: true, e164: null, error: null };
  // The precise check (number ranges, not only length) matches what the API's validator accepts.
  if (!utils.isValidNumberPrecise(number, iso2)) {
    const error = utils.getValidationError(number, iso2);
    // IS_POSSIBLE means the length fits but the number is not assigned, e.g. a wrong prefix.
    return { valid: false, empty: false, e164: null, error: error === null || error === 'IS_POSSIBLE' ? 'INVALID' : error };
  }
  return { valid: true, empty: false, e164: utils.formatNumber(number, iso2, 'E164'), error: null };
}

/** +34600111222 → "+34 600 11 12 22"; unchanged if the number cannot be parsed. */
export function formatPhoneInternational(utils: ItiUtils, e164: string): string {
  return utils.formatNumber(e164, undefined, 'INTERNATIONAL') || e164;
}

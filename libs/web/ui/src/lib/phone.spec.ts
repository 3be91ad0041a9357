import { describe, expect, it } from 'vitest';
import { formatPhoneInternational, loadPhoneUtils, validatePhone } from './phone';

describe('validatePhone', () => {
  it('turns a Spanish mobile in national format into E.164', async () => {
    const utils = await loadPhoneUtils();
    expect(validatePhone(utils, '600 111 222', 'es')).toEqual({ valid: true, empty: false, e164: '+34600111222', error: null });
  });

  it('accepts international format whatever country is selected', async () => {
    const utils = await loadPhoneUtils();
    expect(validatePhone(utils, '+1 (201) 555-0123', 'es').e164).toBe('+12015550123');
  });

  it('treats an empty number as valid, since the phone is optional', async () => {
    const utils = await loadPhoneUtils();
    expect(validatePhone(utils, '   ', 'es')).toEqual({ valid: true, empty: true, e164: null, error: null });
  });

  it('names why a number is invalid', async () => {
    const utils = await loadPhoneUtils();
    expect(validatePhone(utils, '600 11', 'es')).toMatchObject({ valid: false, e164: null, error: 'TOO_SHORT' });
    expect(validatePhone(utils, '600 111 222 333 444', 'es')).toMatchObject({ valid: false, error: 'TOO_LONG' });
    expect(validatePhone(utils, '+999 600 111 222', 'es')).toMatchObject({ valid: false, error: 'INVALID_COUNTRY_CODE' });
  });

  it('rejects a number of the right length that is not assigned', async () => {
    const utils = await loadPhoneUtils();
    expect(validatePhone(utils, '000 111 222', 'es')).toMatchObject({ valid: false, error: 'INVALID' });
  });
});

describe('formatPhoneInternational', () => {
  it('spaces an E.164 number the way its country writes it', async () => {
    const utils = await loadPhoneUtils();
    expect(formatPhoneInternational(utils, '+34600111222')).toBe('+34 600 11 12 22');
    expect(formatPhoneInternational(utils, '+12015550123')).toBe('+1 201-555-0123');
  });
});

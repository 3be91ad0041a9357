import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** E.164 form of a valid phone number written with its country code, or null. */
export function toE164(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.isValid() ? parsed.number : null;
}

export function IsPhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPhoneNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a valid phone number with its country code, e.g. +34 600 111 222', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && toE164(value) !== null },
    });
}

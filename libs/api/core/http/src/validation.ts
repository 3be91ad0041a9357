import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException } from './app-exception';

/** Flattens nested class-validator errors into `{ 'a.b': [messages] }`. */
export function collectFieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    Object.assign(fields, collectFieldErrors(error.children ?? [], path));
  }
  return fields;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = collectFieldErrors(errors);
      const summary = Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ');
      return AppException.badRequest('validation_failed', `Invalid request — ${summary}`, fields);
    },
  });
}

import { Logger, NotFoundException } from '@nestjs/common';
import { AppException } from './app-exception';
import { fromBodyParserError, toErrorResponse } from './http-exception.filter';
import { collectFieldErrors } from './validation';

const logger = { error: jest.fn() } as unknown as Logger;

describe('toErrorResponse', () => {
  it('answers an AppException with its status, code, fields and Retry-After', () => {
    const response = toErrorResponse(AppException.tooManyRequests('slow_down', 'Slow down.', 12.2), logger);
    expect(response).toEqual({ status: 429, body: { statusCode: 429, code: 'slow_down', message: 'Slow down.' }, retryAfterSeconds: 12.2 });
    const withFields = toErrorResponse(AppException.badRequest('validation_failed', 'bad', { email: ['email must be valid'] }), logger);
    expect(withFields.body.fields).toEqual({ email: ['email must be valid'] });
  });

  it('keeps client errors of Nest and hides server errors behind a request id', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /api/x'), logger).body).toEqual({ statusCode: 404, code: 'not_found', message: 'Cannot GET /api/x' });
    const hidden = toErrorResponse(new Error('password=hunter2 at db.ts:12'), logger);
    expect(hidden.status).toBe(500);
    expect(hidden.body.message).not.toContain('hunter2');
    expect(hidden.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining(hidden.body.requestId as string), expect.any(String));
  });

  it('maps body-parser errors to named 4xx codes', () => {
    expect(fromBodyParserError({ type: 'entity.too.large', status: 413 })).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(fromBodyParserError({ type: 'entity.parse.failed', status: 400 })).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(fromBodyParserError(new Error('other'))).toBeUndefined();
  });
});

describe('collectFieldErrors', () => {
  it('flattens nested validation errors into dotted paths', () => {
    const fields = collectFieldErrors([
      { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] },
      { property: 'tools', children: [{ property: '0', children: [{ property: 'name', constraints: { isString: 'name must be a string' }, children: [] }] }] },
    ]);
    expect(fields).toEqual({ email: ['email must be an email'], 'tools.0.name': ['name must be a string'] });
  });
});

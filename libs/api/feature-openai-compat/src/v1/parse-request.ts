import type { z } from 'zod';
import { invalidParam } from '../openai-errors';

/** `messages.0.role` → `messages[0].role`, the way OpenAI names parameters. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

type Issue = z.core.$ZodIssue;

/** Of a union's failed branches, the one that got furthest (not a type mismatch at the union itself). */
function deepestUnionIssue(issue: Extract<Issue, { code: 'invalid_union' }>): Issue | undefined {
  const branch = issue.errors.find((issues) => issues.length > 0 && !(issues[0]?.code === 'invalid_type' && issues[0].path.length === 0));
  const inner = branch?.[0];
  return inner ? { ...inner, path: [...issue.path, ...inner.path] } : undefined;
}

function describe(issue: Issue): { param: string; message: string; code: string } {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const inner = deepestUnionIssue(issue);
    if (inner) return describe(inner);
  }
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...issue.path, issue.keys[0] ?? '']);
    const where = issue.path.length ? ` in '${paramName(issue.path)}'` : '';
    return { param, message: `Unrecognized request argument supplied${where}: ${issue.keys.join(', ')}`, code: 'unknown_parameter' };
  }
  if (issue.code === 'invalid_key' && issue.issues[0]) {
    return { param: paramName(issue.path), message: `Invalid key '${String(issue.path.at(-1))}': ${issue.issues[0].message}.`, code: 'invalid_value' };
  }
  const param = paramName(issue.path);
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return { param, message: `Missing required parameter: '${param}'.`, code: 'missing_required_parameter' };
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    return { param, message: `Invalid value for '${param}': expected one of ${options.map((o) => `'${String(o)}'`).join(', ')}.`, code: 'invalid_value' };
  }
  const detail = issue.message.replace(/^Invalid input: /, '');
  return { param, message: `Invalid value for '${param}': ${detail}.`, code: issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value' };
}

/**
 * Validates a request body; the first problem becomes a 400 in OpenAI's shape naming the parameter.
 * Unknown top-level parameters are reported first, as OpenAI does.
 */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParam('body', 'The request body must be a JSON object (send Content-Type: application/json).', 'invalid_request');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort((a, b) => rank(a) - rank(b));
  const { param, message, code } = describe(issues[0] as Issue);
  throw invalidParam(param, message, code);
}

function rank(issue: Issue): number {
  return issue.code === 'unrecognized_keys' && issue.path.length === 0 ? 0 : 1;
}

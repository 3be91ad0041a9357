/** The body of every error the REST API answers (never a stack trace). */
export interface ApiErrorBody {
  statusCode: number;
  /** Stable machine code, e.g. `validation_failed`, `email_taken`, `not_found`. */
  code: string;
  /** Human readable, names the field or the problem. */
  message: string;
  /** Per-field messages for validation errors. */
  fields?: Record<string, string[]>;
  /** Correlation id of a logged server error. */
  requestId?: string;
}

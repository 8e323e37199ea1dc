/** Errors a use case throws on purpose; the HTTP layer turns them into 4xx answers, never 500s. */
export class AppError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    public readonly code: string,
    message?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
  }
}

export const notFound = (what = 'not_found') => new AppError(404, what);
export const forbidden = (what = 'forbidden') => new AppError(403, what);

/** Field-level validation problems; `fields` maps a field name to a translation key (or message). */
export class ValidationError extends AppError {
  constructor(public readonly fields: Record<string, string>) {
    super(422, 'validation_failed', 'validation failed', { fields });
  }
}

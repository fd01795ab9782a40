/**
 * The small set of domain errors, each with the HTTP status it maps to in one place. Handlers never
 * invent statuses; bad input is always a 4xx with field-named details, never a 500.
 */
export interface FieldProblem {
  path: string;
  rule: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 428 | 503,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
    this.name = code;
  }
}

export const badRequest = (message: string, details: FieldProblem[] = []) => new DomainError(400, 'BadRequest', message, details);
export const unprocessable = (message: string, details: FieldProblem[]) => new DomainError(422, 'ValidationFailed', message, details);
export const forbidden = (message: string) => new DomainError(403, 'Forbidden', message);
export const notFound = (what: string) => new DomainError(404, 'NotFound', `${what} was not found.`);
export const conflict = (code: string, message: string, details: unknown[] = []) => new DomainError(409, code, message, details);
export const gone = (message: string) => new DomainError(410, 'Gone', message);

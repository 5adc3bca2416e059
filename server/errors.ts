import type { ErrorCode, ErrorDetail } from '../shared/errors.ts';

/** A failure we expect and explain to the client; anything else becomes a hidden 500. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super(409, 'conflict', message, details);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor() {
    super(503, 'database_unavailable', 'The database is not answering; try again shortly');
  }
}

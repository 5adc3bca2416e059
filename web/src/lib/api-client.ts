import type { z } from 'zod';
import { CSRF_HEADER } from '../../../shared/auth.ts';
import { ErrorBody, type ErrorCode, type ErrorDetail } from '../../../shared/errors.ts';

/** An API answer that was not 2xx, with the server's error code and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'bad_response';
  readonly details: ErrorDetail[];
  readonly body: unknown;
  constructor(
    status: number,
    code: ApiError['code'],
    message: string,
    details: ErrorDetail[] = [],
    body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.body = body;
  }
}

// The session lives in an httpOnly cookie; writes also carry the CSRF token the server gave us.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const listeners = new Set<() => void>();
/** Called when any request answers 401: the session ended (expired or revoked). */
export function onSessionEnded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function request<T extends z.ZodType>(
  method: string,
  path: string,
  schema: T,
  options: {
    body?: unknown;
    text?: string;
    contentType?: string;
    form?: FormData;
    signal?: AbortSignal | undefined;
  } = {},
): Promise<z.output<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let body: string | FormData | undefined;
  if (options.form !== undefined) {
    // The browser writes the multipart content type itself, with its boundary.
    body = options.form;
  } else if (options.text !== undefined) {
    body = options.text;
    headers['content-type'] = options.contentType ?? 'text/plain';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) for (const l of listeners) l();
    const parsed = ErrorBody.safeParse(payload);
    throw parsed.success
      ? new ApiError(
          response.status,
          parsed.data.error.code,
          parsed.data.error.message,
          parsed.data.error.details,
          payload,
        )
      : new ApiError(response.status, 'bad_response', `HTTP ${response.status}`, [], payload);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', 'Unexpected answer from the server');
  return parsed.data;
}

/** GETs a JSON resource and checks it against the shared schema the server answers with. */
export function getJson<T extends z.ZodType>(path: string, schema: T, signal?: AbortSignal): Promise<z.output<T>> {
  return request('GET', path, schema, { signal });
}

export function sendJson<T extends z.ZodType>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: T,
  body?: unknown,
) {
  return request(method, path, schema, { body });
}

export function sendText<T extends z.ZodType>(path: string, schema: T, text: string, contentType: string) {
  return request('POST', path, schema, { text, contentType });
}

/** Sends a multipart form (an evidence part); the CSRF header and error handling are the same as JSON. */
export function sendForm<T extends z.ZodType>(
  method: 'POST' | 'PUT',
  path: string,
  schema: T,
  form: FormData,
  signal?: AbortSignal,
) {
  return request(method, path, schema, { form, signal });
}

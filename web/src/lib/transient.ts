/**
 * Worth trying again later: no connection, the session ended, too many requests, the server's
 * trouble. Anything else (a refusal, a conflict, bad input) will be answered the same way again.
 */
export const isTransient = (status: number) =>
  status < 400 || status === 401 || status === 408 || status === 429 || status >= 500;

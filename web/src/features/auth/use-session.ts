import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { type LoginResponse, SessionState as SessionStateSchema, type SessionUser } from '../../../../shared/auth.ts';
import { ApiError, getJson, onSessionEnded, sendJson, setCsrfToken } from '../../lib/api-client.ts';

export type SessionState =
  { status: 'loading' } | { status: 'signed-out'; reason?: string } | { status: 'signed-in'; user: SessionUser };

/** Who is signed in (from the httpOnly cookie, via /api/me), with sign-in and sign-out. */
export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/auth/session', SessionStateSchema, controller.signal).then(
      ({ session }) => {
        setCsrfToken(session?.csrfToken ?? null);
        setState(session ? { status: 'signed-in', user: session.user } : { status: 'signed-out' });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'signed-out',
          reason: error instanceof ApiError && error.status !== 401 ? error.message : undefined,
        });
      },
    );
    const off = onSessionEnded(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => {
      controller.abort();
      off();
    };
  }, []);

  const signedIn = useCallback((response: LoginResponse) => {
    setCsrfToken(response.csrfToken);
    setState({ status: 'signed-in', user: response.user });
  }, []);

  const signOut = useCallback(async () => {
    await sendJson('POST', '/api/auth/logout', z.null()).catch(() => null);
    setCsrfToken(null);
    setState({ status: 'signed-out' });
  }, []);

  return { state, signedIn, signOut };
}

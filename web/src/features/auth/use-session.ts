import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import {
  type LoginResponse,
  SessionState as SessionStateSchema,
  SessionUser,
  type SessionUser as SessionUserType,
} from '../../../../shared/auth.ts';
import { ApiError, getJson, onSessionEnded, sendJson, setCsrfToken } from '../../lib/api-client.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; user: SessionUserType; offline: boolean };

// The last session, so a phone that reloads the app without a connection still knows whose
// station it is (the session cookie itself stays httpOnly). Cleared on sign-out.
const CACHE_KEY = 'baqylau.session';
const Cached = z.object({ user: SessionUser, csrfToken: z.string() });

function readCache(): z.infer<typeof Cached> | null {
  try {
    const parsed = Cached.safeParse(JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
function writeCache(value: z.infer<typeof Cached> | null) {
  try {
    if (value) localStorage.setItem(CACHE_KEY, JSON.stringify(value));
    else localStorage.removeItem(CACHE_KEY);
  } catch {
    // Private mode: nothing to keep.
  }
}

/** Who is signed in (from the httpOnly cookie), with sign-in and sign-out; works offline from the cache. */
export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/auth/session', SessionStateSchema, controller.signal).then(
      ({ session }) => {
        setCsrfToken(session?.csrfToken ?? null);
        writeCache(session ? { user: session.user, csrfToken: session.csrfToken } : null);
        setState(session ? { status: 'signed-in', user: session.user, offline: false } : { status: 'signed-out' });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const cached = readCache();
        if (error instanceof ApiError && error.code === 'network_error' && cached) {
          setCsrfToken(cached.csrfToken);
          setState({ status: 'signed-in', user: cached.user, offline: true });
          return;
        }
        setState({
          status: 'signed-out',
          reason: error instanceof ApiError && error.status !== 401 ? error.message : undefined,
        });
      },
    );
    const off = onSessionEnded(() => {
      setCsrfToken(null);
      writeCache(null);
      setState({ status: 'signed-out', reason: 'expired' });
    });
    return () => {
      controller.abort();
      off();
    };
  }, []);

  const signedIn = useCallback((response: LoginResponse) => {
    setCsrfToken(response.csrfToken);
    writeCache({ user: response.user, csrfToken: response.csrfToken });
    setState({ status: 'signed-in', user: response.user, offline: false });
  }, []);

  const signOut = useCallback(async () => {
    await sendJson('POST', '/api/auth/logout', z.null()).catch(() => null);
    setCsrfToken(null);
    writeCache(null);
    setState({ status: 'signed-out' });
  }, []);

  return { state, signedIn, signOut };
}

import { useCallback, useEffect, useRef, useState } from 'react';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs a phone's sender: once `prepare` is done at start, whenever the phone comes back online,
 * and again with backoff (1 s, 2 s, 4 s… up to a minute) for as long as `attempt` answers that
 * something still waits. Returns the function that sends now (after a new report, a button).
 */
export function useRetry(attempt: () => Promise<boolean>, prepare: () => Promise<void>): () => Promise<void> {
  const backoff = useRef(FIRST_BACKOFF_MS);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // False once the page is gone (unmounted, signed out): a send still in flight then schedules nothing.
  const alive = useRef(false);
  // The timer calls the latest `attempt` through this ref (it schedules itself).
  const attemptRef = useRef(attempt);
  useEffect(() => {
    attemptRef.current = attempt;
  }, [attempt]);

  const run = useCallback(async function send(): Promise<void> {
    const again = await attemptRef.current();
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!again || !alive.current) {
      backoff.current = FIRST_BACKOFF_MS;
      return;
    }
    // Try again later, waiting longer each time.
    timer.current = setTimeout(() => void send(), backoff.current);
    backoff.current = Math.min(backoff.current * 2, MAX_BACKOFF_MS);
  }, []);

  useEffect(() => {
    alive.current = true;
    let current = true;
    void prepare().then(() => {
      if (current) return run();
    });
    const online = () => {
      backoff.current = FIRST_BACKOFF_MS;
      void run();
    };
    window.addEventListener('online', online);
    return () => {
      alive.current = false;
      current = false;
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [prepare, run]);

  return run;
}

/**
 * A phone's sender that runs one at a time: asked while it runs, the running one makes one more
 * pass before it stops, so what was saved meanwhile goes with it. `pass` answers true when the
 * network failed and what waits must wait for a retry; `done` runs after every send (a refresh).
 */
export function useOneSender(
  pass: () => Promise<boolean>,
  done: () => Promise<void>,
): { attempt: () => Promise<boolean>; sending: boolean } {
  const [sending, setSending] = useState(false);
  const busy = useRef(false);
  const asked = useRef(false);
  const current = useRef({ pass, done });
  useEffect(() => {
    current.current = { pass, done };
  }, [pass, done]);

  const attempt = useCallback(async (): Promise<boolean> => {
    if (busy.current) {
      asked.current = true;
      return false;
    }
    busy.current = true;
    setSending(true);
    try {
      do {
        asked.current = false;
        if (await current.current.pass()) return true;
      } while (asked.current);
      return false;
    } finally {
      busy.current = false;
      setSending(false);
      await current.current.done();
    }
  }, []);
  return { attempt, sending };
}

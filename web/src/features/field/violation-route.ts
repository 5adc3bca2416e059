import { useCallback, useEffect, useState } from 'react';

/** `new` for a violation being started, its id for one already saved, null for the station page. */
export type ViolationRoute = 'new' | string | null;

const PATTERN = /^#violation\/(new|[0-9a-f-]{36})$/i;
const read = (): ViolationRoute => PATTERN.exec(window.location.hash)?.[1] ?? null;

/**
 * The open violation lives in the URL's hash (`/field#violation/<id>`): a reload or a restarted
 * phone comes back to it, and the phone's Back button leaves it.
 */
export function useViolationRoute(): [ViolationRoute, (next: ViolationRoute, replace?: boolean) => void] {
  const [route, setRoute] = useState<ViolationRoute>(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  const go = useCallback((next: ViolationRoute, replace = false) => {
    const url = `${window.location.pathname}${window.location.search}${next ? `#violation/${next}` : ''}`;
    if (next === null && !replace && (window.history.state as { violation?: boolean } | null)?.violation) {
      // Opened from the station page: going back there is the same as the phone's Back.
      window.history.back();
      return;
    }
    if (replace) window.history.replaceState(window.history.state, '', url);
    else window.history.pushState(next ? { violation: true } : null, '', url);
    setRoute(next);
  }, []);
  return [route, go];
}

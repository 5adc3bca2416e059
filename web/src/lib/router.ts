import { useCallback, useEffect, useState } from 'react';

const here = () => window.location.pathname + window.location.search;

/**
 * The URL's path and query as state (`/dispatch?station=12`); `navigate` pushes history so Back
 * works, also between two queries of one path.
 */
export function useRoute(): [string, (href: string) => void] {
  const [href, setHref] = useState(here);
  useEffect(() => {
    const update = () => setHref(here());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const navigate = useCallback((next: string) => {
    if (next !== here()) window.history.pushState(null, '', next);
    setHref(next);
  }, []);
  return [href, navigate];
}

import { useEffect, useState } from 'react';
import { DispatchList, type Dispatch } from '../../../../shared/dispatch.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

/**
 * How many open dispatches need HQ now (not acknowledged in time, or stuck), wherever in the app
 * the coordinator is: the count rides on the "Dispatch" link. Off (always 0) when `enabled` is false.
 */
export function useDispatchAlerts(enabled: boolean): number {
  const [flagged, setFlagged] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const controller = new AbortController();
    const needsHq = (d: Dispatch) => d.ackOverdue || d.stuck;
    const load = () => {
      getJson('/api/dispatches?open=true', DispatchList, controller.signal)
        .then(({ items }) => setFlagged(new Set(items.filter(needsHq).map((d) => d.id))))
        .catch(() => {
          // Offline or signed out: keep the last count; the next connect loads again.
        });
    };
    const changed = (d: Dispatch) =>
      setFlagged((before) => {
        if (needsHq(d) === before.has(d.id)) return before;
        const next = new Set(before);
        if (needsHq(d)) next.add(d.id);
        else next.delete(d.id);
        return next;
      });
    load();
    socket.on('connect', load);
    socket.on('dispatch:changed', changed);
    return () => {
      controller.abort();
      socket.off('connect', load);
      socket.off('dispatch:changed', changed);
    };
  }, [enabled]);
  return enabled ? flagged.size : 0;
}

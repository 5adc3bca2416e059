import { useEffect, useState } from 'react';
import { StationDetail, StationsPage } from '../../../../shared/stations.ts';
import { getJson } from '../../lib/api-client.ts';

const KEY = 'baqylau.field.station';

/** The observer's station, kept on the phone so the app opens offline. */
export function useStation(): { station: StationDetail | null; status: 'loading' | 'ready' | 'none' | 'error' } {
  const [station, setStation] = useState<StationDetail | null>(() => {
    try {
      const parsed = StationDetail.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  });
  const [status, setStatus] = useState<'loading' | 'ready' | 'none' | 'error'>(station ? 'ready' : 'loading');

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const own = await getJson('/api/stations?limit=10', StationsPage, controller.signal);
      const first = own.items[0];
      if (!first) {
        localStorage.removeItem(KEY);
        setStation(null);
        setStatus('none');
        return;
      }
      const detail = await getJson(`/api/stations/${first.id}`, StationDetail, controller.signal);
      localStorage.setItem(KEY, JSON.stringify(detail));
      setStation(detail);
      setStatus('ready');
    })().catch(() => {
      if (!controller.signal.aborted) setStatus((s) => (s === 'ready' ? 'ready' : 'error'));
    });
    return () => controller.abort();
  }, []);

  return { station, status };
}

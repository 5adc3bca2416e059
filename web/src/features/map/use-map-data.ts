import { useCallback, useEffect, useState } from 'react';
import { ClientConfig } from '../../../../shared/client-config.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { StationMap } from '../../../../shared/stations.ts';
import { getJson } from '../../lib/api-client.ts';

export type MapData = { config: ClientConfig; regions: Region[]; stations: StationMap };

export type MapDataState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: MapData };

/** Loads what the map needs in parallel; `reload` starts over after an error. */
export function useMapData(): { state: MapDataState; reload: () => void } {
  const [state, setState] = useState<MapDataState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([
      getJson('/api/client-config', ClientConfig, signal),
      getJson('/api/regions', RegionList, signal),
      getJson('/api/stations/map', StationMap, signal),
    ]).then(
      ([config, regions, stations]) =>
        setState({ status: 'ready', data: { config, regions: regions.items, stations } }),
      (error: unknown) => {
        if (signal.aborted) return;
        setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { state, reload };
}

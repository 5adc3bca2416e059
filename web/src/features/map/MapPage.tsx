import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { useState } from 'react';
import { LivePanel } from './LivePanel.tsx';
import { RegionsTable } from './RegionsTable.tsx';
import { StationDrawer } from './StationDrawer.tsx';
import { StationMap } from './StationMap.tsx';
import { useLive } from './use-live.ts';
import { useMapData } from './use-map-data.ts';

export function MapPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { state, reload } = useMapData();
  const live = useLive();
  const [selected, setSelected] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [tab, setTab] = useState<'live' | 'regions'>('live');
  const [regionFocus, setRegionFocus] = useState<string | null>(null);
  return (
    <>
      {state.status === 'loading' && (
        <p className="state" role="status">
          {t('map.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div className="state state-error" role="alert">
          <p>{t('map.error', { message: state.message })}</p>
          <button type="button" onClick={reload}>
            {t('map.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <div className="toolbar">
            {state.data.stations.count > 0 && (
              <span className="station-count" data-testid="station-count">
                {t('map.stations', { count: state.data.stations.count })}
              </span>
            )}
            <form
              className="inline"
              role="search"
              onSubmit={(event) => {
                event.preventDefault();
                const i = state.data.stations.number.indexOf(Number(search.trim().replace(/^№\s*/, '')));
                setNotFound(i < 0);
                if (i >= 0) {
                  setSelected(state.data.stations.id[i]!);
                  setTab('live');
                }
              }}
            >
              <input
                type="search"
                inputMode="numeric"
                placeholder={t('map.searchPlaceholder')}
                aria-label={t('map.search')}
                data-testid="station-search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
              <button type="submit">{t('map.search')}</button>
              {notFound && <span className="form-error">{t('map.noSuchStation')}</span>}
            </form>
          </div>
          {state.data.stations.electionId === null && (
            <p className="state banner" role="status">
              {t('map.noElection')}
            </p>
          )}
          {state.data.stations.electionId !== null && state.data.stations.count === 0 && (
            <p className="state banner" role="status">
              {t('map.empty')}
            </p>
          )}
          <div className="map-layout">
            <StationMap
              stations={state.data.stations}
              regions={state.data.regions}
              tileUrl={state.data.config.tileUrl}
              tileAttribution={state.data.config.tileAttribution}
              live={live.stations}
              liveVersion={live.version}
              selectedId={selected}
              onSelect={(id) => {
                setSelected(id);
                setTab('live');
              }}
              regionFocus={regionFocus}
            />
            <div className="side">
              <div className="tabs" role="tablist">
                <button type="button" role="tab" aria-selected={tab === 'live'} onClick={() => setTab('live')}>
                  {t('live.title')}
                </button>
                <button
                  type="button"
                  role="tab"
                  aria-selected={tab === 'regions'}
                  data-testid="tab-regions"
                  onClick={() => {
                    setTab('regions');
                    setSelected(null);
                  }}
                >
                  {t('regions.title')}
                </button>
              </div>
              {tab === 'regions' ? (
                <RegionsTable
                  stations={state.data.stations}
                  regions={state.data.regions}
                  live={live.stations}
                  version={live.version}
                  onRegion={(code) => setRegionFocus(code)}
                />
              ) : selected !== null ? (
                <StationDrawer
                  stationId={selected}
                  live={live.stations.get(selected)}
                  regions={state.data.regions}
                  onClose={() => setSelected(null)}
                />
              ) : (
                <LivePanel
                  live={live.stations}
                  stations={state.data.stations}
                  connection={live.connection}
                  canClose={scopeFor(user.role, 'help.close') !== null}
                  onSelect={setSelected}
                  lastUpdate={live.lastUpdate}
                />
              )}
            </div>
          </div>
        </>
      )}
    </>
  );
}

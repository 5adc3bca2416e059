import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { LivePanel } from './LivePanel.tsx';
import { StationMap } from './StationMap.tsx';
import { useLive } from './use-live.ts';
import { useMapData } from './use-map-data.ts';

export function MapPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { state, reload } = useMapData();
  const live = useLive();
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
            />
            <LivePanel
              live={live.stations}
              stations={state.data.stations}
              connection={live.connection}
              canClose={scopeFor(user.role, 'help.close') !== null}
            />
          </div>
        </>
      )}
    </>
  );
}

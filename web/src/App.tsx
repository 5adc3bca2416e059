import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../shared/i18n.ts';
import { StationMap } from './features/map/StationMap.tsx';
import { useMapData } from './features/map/use-map-data.ts';
import { currentLanguage } from './lib/i18n.ts';

export function App() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const { state, reload } = useMapData();

  return (
    <div className="app">
      <a className="skip-link" href="#map">
        {t('app.skipToMap')}
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span className="subtitle">{t('app.subtitle')}</span>
        </div>
        {state.status === 'ready' && state.data.stations.count > 0 && (
          <span className="station-count" data-testid="station-count">
            {t('map.stations', { count: state.data.stations.count })}
          </span>
        )}
        <label className="language">
          <span>{t('language.label')}</span>
          <select
            value={language}
            data-testid="language-select"
            onChange={(event) => void i18n.changeLanguage(event.target.value)}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="app-main">
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
            <StationMap
              stations={state.data.stations}
              regions={state.data.regions}
              tileUrl={state.data.config.tileUrl}
              tileAttribution={state.data.config.tileAttribution}
            />
          </>
        )}
      </main>
    </div>
  );
}

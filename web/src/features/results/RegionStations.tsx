import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PROTOCOL_CHECK_TITLES,
  PROTOCOL_STATES,
  ProtocolList,
  type ProtocolState,
} from '../../../../shared/protocols.ts';
import { getJson } from '../../lib/api-client.ts';
import { PROTOCOL_COLOURS } from '../../lib/protocol-colours.ts';
import { formatLocalTime, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';

/** Rows shown at once: a city has hundreds of stations; the state filter narrows them. */
const SHOWN = 200;

type Loaded = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; list: ProtocolList };

/** The region's stations and where each one's protocol stands, each a link to its protocol page. */
export function RegionStations({
  region,
  reload,
  navigate,
}: {
  region: string;
  /** Changes when the results were refreshed live: the list follows. */
  reload: number;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  const [state, setState] = useState<ProtocolState | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ region });
    if (state) params.set('state', state);
    getJson(`/api/protocols?${params}`, ProtocolList, controller.signal).then(
      (list) => setLoaded({ status: 'ready', list }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [region, state, reload]);

  const items = loaded.status === 'ready' ? [...loaded.list.items].sort((a, b) => a.number - b.number) : [];
  return (
    <section className="results-stations" aria-labelledby="results-stations-title" data-testid="results-stations">
      <div className="results-stations-head">
        <h3 id="results-stations-title">{t('results.stations.title')}</h3>
        <label>
          {t('results.stations.state')}{' '}
          <select
            value={state ?? ''}
            data-testid="results-stations-state"
            onChange={(e) => setState(PROTOCOL_STATES.find((s) => s === e.target.value) ?? null)}
          >
            <option value="">{t('results.stations.any')}</option>
            {PROTOCOL_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`results.state.${s}`)}
                {loaded.status === 'ready' ? ` (${number.format(loaded.list.counts[s] ?? 0)})` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {loaded.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.status === 'error' && (
        <p className="form-error" role="alert">
          {t('results.stations.loadFailed', { message: loaded.message })}
        </p>
      )}
      {loaded.status === 'ready' && items.length === 0 && <p className="muted">{t('results.stations.empty')}</p>}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('results.stations.number')}</th>
              <th scope="col">{t('results.stations.state')}</th>
              <th scope="col">{t('results.stations.checks')}</th>
              <th scope="col">{t('results.stations.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, SHOWN).map((item) => (
              <tr key={item.stationId} data-testid={`results-station-${item.stationId}`} data-state={item.state}>
                <th scope="row">
                  <a
                    href={`/protocols/${item.stationId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/protocols/${item.stationId}`);
                    }}
                  >
                    {t('results.stations.station', { number: item.number })}
                  </a>
                </th>
                <td>
                  <span className="state-dot" style={{ background: PROTOCOL_COLOURS[item.state] }} aria-hidden="true" />{' '}
                  {t(`results.state.${item.state}`)}
                </td>
                <td className="small">
                  {item.failedChecks.map((code) => PROTOCOL_CHECK_TITLES[code][language]).join('; ')}
                </td>
                <td>
                  {item.updatedAt && (
                    <time dateTime={item.updatedAt}>{formatLocalTime(item.updatedAt, language).slice(0, -3)}</time>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items.length > SHOWN && <p className="muted">{t('results.stations.more', { count: items.length - SHOWN })}</p>}
    </section>
  );
}

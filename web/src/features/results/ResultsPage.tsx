import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { ClientConfig } from '../../../../shared/client-config.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { ResultsBasis, type Results, type Tally } from '../../../../shared/results.ts';
import { StationMap } from '../../../../shared/stations.ts';
import { getJson } from '../../lib/api-client.ts';
import { formatLocalTime, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { CoverageMap } from './CoverageMap.tsx';
import { RegionStations } from './RegionStations.tsx';
import { RegionTable } from './RegionTable.tsx';
import { ResultsBars } from './ResultsBars.tsx';
import { percent } from './results-format.ts';
import { useProtocolStates } from './use-protocol-states.ts';
import { resultsQuery, useResults } from './use-results.ts';
import './results.css';

type Base = { config: ClientConfig; regions: Region[]; stations: StationMap };

/** What the page stands on besides the results: region names and the stations for the map. */
function useBase(): Base | null {
  const [base, setBase] = useState<Base | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([
      getJson('/api/client-config', ClientConfig, signal),
      getJson('/api/regions', RegionList, signal),
      getJson('/api/stations/map', StationMap, signal),
    ]).then(
      ([config, regions, stations]) => setBase({ config, regions: regions.items, stations }),
      // The results still show without the map; region codes stand in for names.
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return base;
}

const searchParam = (name: string) => new URLSearchParams(window.location.search).get(name);

/**
 * HQ results (/results): the network's own tabulation of its protocol copies, for the caller's
 * scope and region by region (`?region=` drills down, so Back returns), the shares as bars, and
 * the coverage map coloured by where each station's protocol stands. Live: a protocol arriving
 * anywhere in scope refreshes the figures (at most every two seconds) and recolours its marker.
 */
export function ResultsPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  // Read on every render: the app re-renders the page when the location changes (Back included).
  const region = searchParam('region');
  const [basis, setBasis] = useState<ResultsBasis>(() => ResultsBasis.catch('verified').parse(searchParam('basis')));
  const { state, refresh, retry, refreshes } = useResults(basis, region);
  const protocolStates = useProtocolStates(refresh);
  const base = useBase();
  const regionsByCode = useMemo(() => new Map((base?.regions ?? []).map((r) => [r.code, r])), [base]);
  const regional = scopeFor(user.role, 'results.read') === 'regions';
  const mayOpenProtocols = scopeFor(user.role, 'protocols.read') !== null;
  const query = resultsQuery(basis, region);

  const chooseBasis = (next: ResultsBasis) => {
    setBasis(next);
    // The basis is a view setting, not a place: it replaces the entry instead of adding one to Back.
    window.history.replaceState(null, '', `/results?${resultsQuery(next, region)}`);
  };
  const openRegion = (code: string) => navigate(`/results?${resultsQuery(basis, code)}`);
  const openProtocol = (stationId: number) => navigate(`/protocols/${stationId}`);

  const regionName = (code: string) => regionsByCode.get(code)?.name[language] ?? code;
  const scopeName =
    region !== null
      ? regionName(region)
      : regional
        ? user.regions.length === 1
          ? regionName(user.regions[0]!)
          : t('results.scope')
        : t('results.national');

  return (
    <section className="results-page" data-testid="results-page" data-role={user.role} data-region={region ?? ''}>
      <header className="results-head">
        <h2>
          {t('results.title')}: <span data-testid="results-scope">{scopeName}</span>
        </h2>
        {region !== null && (
          <a
            href={`/results?${resultsQuery(basis, null)}`}
            data-testid="results-back"
            onClick={(e) => {
              e.preventDefault();
              navigate(`/results?${resultsQuery(basis, null)}`);
            }}
          >
            ← {t('results.back')}
          </a>
        )}
        <label className="results-basis">
          {t('results.basis.label')}{' '}
          <select
            value={basis}
            data-testid="results-basis"
            onChange={(e) => chooseBasis(ResultsBasis.catch(basis).parse(e.target.value))}
          >
            {ResultsBasis.options.map((b) => (
              <option key={b} value={b}>
                {t(`results.basis.${b}`)}
              </option>
            ))}
          </select>
        </label>
        {state.status === 'ready' && (
          <span className="muted" data-testid="results-updated" data-refreshes={refreshes}>
            {t('results.asOf', { time: formatLocalTime(state.data.at, language) })}
          </span>
        )}
        <a className="button" href={`/api/results.csv?${query}`} download data-testid="results-csv">
          {t('results.downloadCsv')}
        </a>
      </header>
      <div className="results-layout">
        <div className="results-main">
          {state.status === 'loading' && (
            <p className="state" role="status">
              {t('results.loading')}
            </p>
          )}
          {state.status === 'error' && (
            <div className="state state-error" role="alert">
              <p>{t('results.loadFailed', { message: state.message })}</p>
              <button type="button" onClick={retry}>
                {t('results.retry')}
              </button>
            </div>
          )}
          {state.status === 'ready' && (
            <ResultsBody
              data={state.data}
              region={region}
              regions={regionsByCode}
              onRegion={openRegion}
              onBasis={chooseBasis}
            />
          )}
          {region !== null && <RegionStations region={region} reload={refreshes} navigate={navigate} />}
        </div>
        <div className="results-side">
          {base && (
            <CoverageMap
              stations={base.stations}
              store={protocolStates.store}
              ready={protocolStates.ready}
              region={region}
              keepToStations={regional}
              tileUrl={base.config.tileUrl}
              tileAttribution={base.config.tileAttribution}
              openProtocol={mayOpenProtocols ? openProtocol : null}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function ResultsBody({
  data,
  region,
  regions,
  onRegion,
  onBasis,
}: {
  data: Results;
  region: string | null;
  regions: Map<string, Region>;
  onRegion: (code: string) => void;
  onBasis: (basis: ResultsBasis) => void;
}) {
  const { t } = useTranslation();
  const counted = data.total.stationsCounted > 0;
  return (
    <>
      <Summary tally={data.total} />
      {!counted && (
        <div className="state results-empty" role="status" data-testid="results-empty">
          <p>{data.basis === 'verified' ? t('results.emptyVerified') : t('results.empty')}</p>
          {data.basis === 'verified' && (
            <button type="button" onClick={() => onBasis('received')}>
              {t('results.basis.received')}
            </button>
          )}
        </div>
      )}
      {counted && <ResultsBars options={data.options} tally={data.total} />}
      {region === null && data.regions.length > 0 && (
        <RegionTable tallies={data.regions} options={data.options} regions={regions} onOpen={onRegion} />
      )}
    </>
  );
}

/** Coverage, turnout and invalid ballots of the scope shown. */
function Summary({ tally }: { tally: Tally }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  return (
    <dl
      className="results-summary"
      aria-label={t('results.summary.label')}
      data-testid="results-total"
      data-counted={tally.stationsCounted}
      data-total={tally.stationsTotal}
      data-turnout={tally.turnout}
    >
      <div>
        <dt>{t('results.summary.stations')}</dt>
        <dd>
          {t('results.summary.ofTotal', {
            counted: number.format(tally.stationsCounted),
            total: number.format(tally.stationsTotal),
            percent: percent(tally.stationsCounted, tally.stationsTotal, language),
          })}
        </dd>
      </div>
      <div>
        <dt>{t('results.summary.voters')}</dt>
        <dd>
          {t('results.summary.ofTotal', {
            counted: number.format(tally.registeredCovered),
            total: number.format(tally.registeredTotal),
            percent: percent(tally.registeredCovered, tally.registeredTotal, language),
          })}
        </dd>
      </div>
      <div>
        <dt>{t('results.summary.turnout')}</dt>
        <dd>
          {t('results.summary.turnoutValue', {
            percent: percent(tally.turnout, tally.registeredCovered, language),
            count: number.format(tally.turnout),
          })}
        </dd>
      </div>
      <div>
        <dt>{t('results.summary.invalid')}</dt>
        <dd>
          {t('results.summary.ofBallots', {
            count: number.format(tally.invalidBallots),
            percent: percent(tally.invalidBallots, tally.ballotsInBoxes, language),
          })}
        </dd>
      </div>
    </dl>
  );
}

import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import type { Comparison, ComparisonStation } from '../../../../shared/results.ts';
import { getJson } from '../../lib/api-client.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { DiscrepancyList } from './DiscrepancyList.tsx';
import { formatCount } from './figures.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { RegionTotals } from './RegionTotals.tsx';
import { comparisonQuery, useComparison } from './use-comparison.ts';
import './official.css';

/** The region filter lives in the address bar (`/official?region=almaty-city`), so Back undoes it. */
const regionFromSearch = (search: string) => new URLSearchParams(search).get('region') || null;

/**
 * Official results (/official): import the commission's per-station CSV and compare it with our
 * verified copies — per station, per region, and the stations only one side has.
 */
export function OfficialPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  // The app re-renders the page on every navigation (Back included), so the query is read here.
  const region = regionFromSearch(window.location.search);
  const { state, reload, setViolation } = useComparison(region);
  const [regions, setRegions] = useState<Region[]>([]);
  const canImport = scopeFor(user.role, 'official.import') !== null;
  const canReport = scopeFor(user.role, 'official.report') !== null;
  const regional = scopeFor(user.role, 'official.read') === 'regions';
  const titleId = useId();

  useEffect(() => {
    // Names for the filter and the tables; without them the codes are shown.
    void getJson('/api/regions', RegionList).then(
      (list) => setRegions(list.items),
      () => undefined,
    );
  }, []);

  const names = useMemo(() => new Map(regions.map((r) => [r.code, r.name[language]])), [regions, language]);
  const regionName = useCallback((code: string) => names.get(code) ?? code, [names]);
  const choices = regions.filter((r) => !regional || user.regions.includes(r.code));

  return (
    <section className="page official-page" data-testid="official-page" data-role={user.role} aria-labelledby={titleId}>
      <div className="page-head">
        <h2 id={titleId}>{t('official.title')}</h2>
      </div>
      <p className="hint">{t('official.intro')}</p>

      {canImport && (
        <ImportPanel options={state.status === 'ready' ? state.comparison.options : []} onImported={reload} />
      )}

      <div className="filters official-filters">
        <label>
          {t('official.region')}
          <select
            value={region ?? ''}
            data-testid="official-region"
            onChange={(e) => navigate(e.target.value ? `/official${comparisonQuery(e.target.value)}` : '/official')}
          >
            <option value="">{t('official.allRegions')}</option>
            {/* A region from a shared link that the list does not (yet) hold stays selectable. */}
            {region && !choices.some((r) => r.code === region) && <option value={region}>{regionName(region)}</option>}
            {choices.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="button" onClick={reload} data-testid="official-refresh">
            {t('official.refresh')}
          </button>
          <a
            href={`/api/official-results/comparison.csv${comparisonQuery(region)}`}
            download
            data-testid="official-csv"
          >
            {t('official.downloadCsv')}
          </a>
        </div>
      </div>

      {state.status === 'loading' && (
        <p className="state" role="status">
          {t('official.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <p className="state state-error" role="alert">
          {t('official.loadFailed', { message: state.message })}{' '}
          <button type="button" onClick={reload}>
            {t('official.retry')}
          </button>
        </p>
      )}
      {state.status === 'ready' && (
        <ComparisonView
          comparison={state.comparison}
          region={region}
          regionName={regionName}
          canReport={canReport}
          navigate={navigate}
          onViolation={setViolation}
        />
      )}
    </section>
  );
}

function ComparisonView({
  comparison: c,
  region,
  regionName,
  canReport,
  navigate,
  onViolation,
}: {
  comparison: Comparison;
  region: string | null;
  regionName: (code: string) => string;
  canReport: boolean;
  navigate: (path: string) => void;
  onViolation: (stationId: number, violationId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const compared = c.matching + c.stations.length;
  const noOfficial = compared === 0 && c.officialOnly.length === 0;
  const counts: [string, string, number][] = [
    ['compared', t('official.summary.compared'), compared],
    ['matching', t('official.summary.matching'), c.matching],
    ['differing', t('official.summary.differing'), c.stations.length],
    ['official-only', t('official.summary.officialOnly'), c.officialOnly.length],
    ['copy-only', t('official.summary.copyOnly'), c.copyOnly.length],
  ];

  return (
    <>
      <section className="official-section" aria-labelledby="official-summary-title">
        <h3 id="official-summary-title">{t('official.summary.title')}</h3>
        <dl className="official-summary" data-testid="official-summary">
          {counts.map(([key, label, value]) => (
            <div key={key} data-testid={`official-count-${key}`} data-count={value}>
              <dt>{label}</dt>
              <dd>{formatCount(value, language)}</dd>
            </div>
          ))}
        </dl>
        {noOfficial && (
          <p className="state" data-testid="official-empty">
            {region ? t('official.empty.noOfficialRegion') : t('official.empty.noOfficial')}
          </p>
        )}
      </section>

      {!noOfficial && (
        <section className="official-section" aria-labelledby="official-discrepancies-title">
          <h3 id="official-discrepancies-title">{t('official.discrepancies.title')}</h3>
          {c.stations.length === 0 ? (
            <p className="state" data-testid="official-no-differences">
              {t('official.empty.noDifferences')}
            </p>
          ) : (
            <>
              <p className="hint">{t('official.discrepancies.hint')}</p>
              <DiscrepancyList
                stations={c.stations}
                options={c.options}
                regionName={regionName}
                canReport={canReport}
                navigate={navigate}
                onViolation={onViolation}
              />
            </>
          )}
        </section>
      )}

      {!noOfficial && (
        <section className="official-section" aria-labelledby="official-regions-title">
          <h3 id="official-regions-title">{t('official.regions.title')}</h3>
          <p className="hint">{t('official.regions.hint')}</p>
          <RegionTotals regions={c.regions} options={c.options} regionName={regionName} />
        </section>
      )}

      <div className="official-lists">
        <StationList
          title={t('official.lists.officialOnly')}
          testId="official-only"
          stations={c.officialOnly}
          regionName={regionName}
          navigate={navigate}
        />
        <StationList
          title={t('official.lists.copyOnly')}
          testId="copy-only"
          stations={c.copyOnly}
          regionName={regionName}
          navigate={navigate}
        />
      </div>
    </>
  );
}

function StationList({
  title,
  testId,
  stations,
  regionName,
  navigate,
}: {
  title: string;
  testId: string;
  stations: ComparisonStation[];
  regionName: (code: string) => string;
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = `${testId}-title`;
  return (
    <section className="official-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} ({stations.length})
      </h3>
      {stations.length === 0 ? (
        <p className="state" data-testid={testId} data-count={0}>
          {t('official.empty.none')}
        </p>
      ) : (
        <ul className="official-stations" data-testid={testId} data-count={stations.length}>
          {[...stations]
            .sort((a, b) => a.region.localeCompare(b.region) || a.number - b.number)
            .map((s) => (
              <li key={s.stationId} data-station={s.stationId} data-number={s.number}>
                <a
                  href={`/protocols/${s.stationId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/protocols/${s.stationId}`);
                  }}
                >
                  {t('official.discrepancies.station', { number: s.number })}
                </a>{' '}
                <span className="muted">{regionName(s.region)}</span>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

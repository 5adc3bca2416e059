import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import {
  ENTRY_STATUSES,
  PROTOCOL_CHECK_TITLES,
  PROTOCOL_STATES,
  type ProtocolSummary,
} from '../../../../shared/protocols.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { getJson } from '../../lib/api-client.ts';
import { formatLocalTime, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import {
  filterFromSearch,
  filterHref,
  filterParams,
  NO_FILTER,
  rememberListHref,
  type ProtocolFilter,
} from './list-filter.ts';
import { StateBadge } from './protocol-bits.tsx';
import { useProtocolList } from './use-protocol-list.ts';
import './protocols.css';

const PAGE = 300;

/** The protocols list (/protocols): every station's protocol state, filters in the address bar, CSV. */
export function ProtocolsPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  // The app re-renders on every navigation (and on Back), so the address bar is the filter's one home.
  const search = window.location.search;
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const query = filterParams(filter).toString();
  const list = useProtocolList(query);
  const [regions, setRegions] = useState<Region[]>([]);
  // Paging starts again with every new filter.
  const [paging, setPaging] = useState({ query: '', limit: PAGE });
  const canExport = scopeFor(user.role, 'protocols.export') !== null;
  // The conflicts show the operator's figures: supervisors only, as on the station page.
  const canExportConflicts = scopeFor(user.role, 'protocols.resolve') !== null;

  useEffect(() => {
    // Names for the region filter; a late answer after leaving the page is harmless.
    void getJson('/api/regions', RegionList).then(
      (r) => setRegions(r.items),
      () => undefined,
    );
  }, []);
  const limit = paging.query === query ? paging.limit : PAGE;
  useEffect(() => rememberListHref(filterHref(filter)), [filter]);

  const regionName = useMemo(() => {
    const names = new Map(regions.map((r) => [r.code, r.name[language]]));
    return (code: string) => names.get(code) ?? code;
  }, [regions, language]);
  const regionChoices = useMemo(
    () =>
      regions
        .filter((r) => scopeFor(user.role, 'protocols.read') !== 'regions' || user.regions.includes(r.code))
        .sort((a, b) => a.name[language].localeCompare(b.name[language], language)),
    [regions, user, language],
  );

  const set = (patch: Partial<ProtocolFilter>) => navigate(filterHref({ ...filter, ...patch }));
  const numbers = new Intl.NumberFormat(intlLocale(language));
  const data = list.list;
  const items = data?.items ?? [];
  const filtered = query !== '';
  const open = (item: ProtocolSummary) => navigate(`/protocols/${item.stationId}`);

  return (
    <section className="page protocols-page" data-testid="protocols-page" aria-labelledby="protocols-title">
      <div className="page-head">
        <h2 id="protocols-title">{t('protocols.title')}</h2>
        {data && (
          <span className="coverage" data-testid="protocols-shown">
            {t('protocols.list.shown', { shown: Math.min(limit, items.length), total: items.length })}
          </span>
        )}
        {canExport && (
          <span className="actions">
            <a
              className="button"
              href={`/api/protocols.csv${query ? `?${query}` : ''}`}
              download
              data-testid="protocols-csv"
            >
              {t('protocols.list.exportCsv')}
            </a>
            {canExportConflicts && (
              <a className="button" href="/api/protocols/conflicts.csv" download data-testid="protocols-conflicts-csv">
                {t('protocols.list.exportConflicts')}
              </a>
            )}
          </span>
        )}
      </div>

      <div
        className="pr-counts"
        role="group"
        aria-label={t('protocols.list.counts')}
        title={t('protocols.list.countsHint')}
      >
        {PROTOCOL_STATES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip pr-chip pr-state-${s}`}
            aria-pressed={filter.state === s}
            data-testid={`protocols-count-${s}`}
            data-count={data?.counts[s] ?? 0}
            onClick={() => set({ state: filter.state === s ? null : s })}
          >
            <span className="pr-dot" aria-hidden="true" />
            {t(`protocols.state.${s}`)} <span className="pill">{numbers.format(data?.counts[s] ?? 0)}</span>
          </button>
        ))}
      </div>

      <form
        className="filters"
        role="search"
        aria-label={t('protocols.list.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          {t('protocols.list.region')}
          <select
            value={filter.region ?? ''}
            onChange={(e) => set({ region: e.target.value || null })}
            data-testid="protocols-filter-region"
          >
            <option value="">{t('protocols.list.all')}</option>
            {regionChoices.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('protocols.list.state')}
          <select
            value={filter.state ?? ''}
            onChange={(e) => set({ state: PROTOCOL_STATES.find((s) => s === e.target.value) ?? null })}
            data-testid="protocols-filter-state"
          >
            <option value="">{t('protocols.list.all')}</option>
            {PROTOCOL_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`protocols.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('protocols.list.status')}
          <select
            value={filter.status ?? ''}
            onChange={(e) => set({ status: ENTRY_STATUSES.find((s) => s === e.target.value) ?? null })}
            data-testid="protocols-filter-status"
          >
            <option value="">{t('protocols.list.all')}</option>
            {ENTRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`protocols.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="pr-clear" onClick={() => navigate(filterHref(NO_FILTER))}>
            {t('protocols.list.clear')}
          </button>
        )}
      </form>

      {list.status === 'loading' && !data && (
        <p className="state" role="status">
          {t('app.loading')}
        </p>
      )}
      {list.status === 'error' && (
        <div className="state state-error" role="alert">
          <p>{t('protocols.list.error', { message: list.message })}</p>
          <button type="button" onClick={list.reload}>
            {t('protocols.list.retry')}
          </button>
        </div>
      )}
      {data && items.length === 0 && (
        <p className="state empty" role="status" data-testid="protocols-empty">
          {filtered ? t('protocols.list.emptyFiltered') : t('protocols.list.empty')}
        </p>
      )}
      {items.length > 0 && (
        <>
          <p className="hint">{t('protocols.list.keys')}</p>
          <table className="table pr-table" aria-label={t('protocols.list.label')} data-testid="protocols-table">
            <thead>
              <tr>
                <th scope="col">{t('protocols.list.station')}</th>
                <th scope="col">{t('protocols.list.region')}</th>
                <th scope="col">{t('protocols.list.state')}</th>
                <th scope="col">{t('protocols.list.status')}</th>
                <th scope="col">{t('protocols.list.checks')}</th>
                <th scope="col" className="num">
                  {t('protocols.list.conflicts')}
                </th>
                <th scope="col" className="num">
                  {t('protocols.list.photos')}
                </th>
                <th scope="col" className="num">
                  {t('protocols.list.version')}
                </th>
                <th scope="col">{t('protocols.list.received')}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, limit).map((item) => (
                <tr
                  key={item.stationId}
                  className="pr-row"
                  data-testid={`protocols-row-${item.stationId}`}
                  data-state={item.state}
                  data-status={item.status ?? 'none'}
                  onClick={(e) => {
                    // The link handles its own click (and a middle click opens a tab).
                    if (!(e.target instanceof Element && e.target.closest('a'))) open(item);
                  }}
                >
                  <th scope="row">
                    <a
                      href={`/protocols/${item.stationId}`}
                      onClick={(e) => {
                        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
                        e.preventDefault();
                        open(item);
                      }}
                    >
                      {t('protocols.station.title', { number: item.number })}
                    </a>
                  </th>
                  <td>{regionName(item.region)}</td>
                  <td>
                    <StateBadge state={item.state} />
                  </td>
                  <td className={item.status === 'conflict' ? 'pr-conflict' : undefined}>
                    {t(`protocols.status.${item.status ?? 'none'}`)}
                  </td>
                  <td>
                    {item.failedChecks.length === 0 ? (
                      <span className="muted">{t('protocols.list.none')}</span>
                    ) : (
                      <ul className="pr-failed">
                        {item.failedChecks.map((code) => (
                          <li key={code}>{PROTOCOL_CHECK_TITLES[code][language]}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="num">{item.conflicts > 0 ? numbers.format(item.conflicts) : ''}</td>
                  <td className="num">{numbers.format(item.photos)}</td>
                  <td className="num">{item.verifiedVersion ?? ''}</td>
                  <td>
                    {item.receivedAt ? (
                      <time dateTime={item.receivedAt}>{formatLocalTime(item.receivedAt, language)}</time>
                    ) : (
                      <span className="muted">{t('protocols.list.none')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length > limit && (
            <button type="button" onClick={() => setPaging({ query, limit: limit + PAGE })}>
              {t('protocols.list.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { FINDING_STATUSES, FindingMap } from '../../../../shared/findings.ts';
import { formatLocalDate } from '../../lib/format.ts';
import { ViewLoadState, type FindingsPageProps } from './finding-bits.tsx';
import { FindingFilters } from './FindingFilters.tsx';
import { FindingsMap, STATUS_COLOURS } from './FindingsMap.tsx';
import { FindingsTabs } from './FindingsTabs.tsx';
import './findings-views.css';
import { useClientConfig, useFilteredView } from './views-filters.ts';

/**
 * The findings layer (issue 9): every finding the person may see, filtered as the list is, on the
 * offline outline of Kazakhstan; the same points as a list beneath for keyboard and screen readers.
 */
export function FindingsMapPage({ user, navigate }: FindingsPageProps) {
  const view = useFilteredView(user, { path: '/findings/map', api: '/api/findings/map', schema: FindingMap });
  const { t, language, categories, names, query, state, data } = view;
  const config = useClientConfig();
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const marks = useMemo(() => new Map(categories.map((c, i) => [c.code, String(i + 1)])), [categories]);
  const categoryMark = useCallback((code: string) => marks.get(code) ?? '?', [marks]);

  const points = useMemo(
    () =>
      [...(data?.items ?? [])].sort(
        (a, b) => b.occurredOn.localeCompare(a.occurredOn) || a.title.localeCompare(b.title),
      ),
    [data],
  );
  const approximate = points.filter((p) => p.source === 'region').length;
  const shownCategories = categories.filter((c) => points.some((p) => p.categoryCode === c.code));

  return (
    <section className="page fv-page" data-testid="findings-map-page" aria-labelledby="fv-map-title">
      <FindingsTabs user={user} current={'map'} navigate={navigate} />
      <div className="page-head">
        <h2 id="fv-map-title">{t('findingsViews.mapTitle')}</h2>
        {data && (
          <span className="coverage" data-testid="findings-map-count" data-count={points.length} role="status">
            {t('findingsViews.map.count', { count: points.length })}
            {approximate > 0 && ` · ${t('findingsViews.map.approximateCount', { count: approximate })}`}
          </span>
        )}
      </div>
      <FindingFilters {...view.filters} testId="findings-map-filter" />
      <ViewLoadState state={state.status} onRetry={view.reload} />
      <FindingsMap
        points={points}
        categoryMark={categoryMark}
        categoryTitle={names.category}
        tileUrl={config?.tileUrl ?? null}
        tileAttribution={config?.tileAttribution ?? null}
        frame={`${query}|${data ? 'loaded' : 'waiting'}`}
        focus={focus}
        navigate={navigate}
      />
      <ul className="map-legend fv-legend" aria-label={t('findingsViews.map.legend')}>
        {FINDING_STATUSES.map((s) => (
          <li key={s}>
            <span className="fv-dot" style={{ background: STATUS_COLOURS[s] }} aria-hidden="true" />
            {t(`findings.status.${s}`)}
          </li>
        ))}
        <li>
          <span className="fv-dot fv-dot-approx" aria-hidden="true" />
          {t('findingsViews.map.approximateLegend')}
        </li>
        {shownCategories.map((c) => (
          <li key={c.code}>
            <span className="fv-mark" aria-hidden="true">
              {categoryMark(c.code)}
            </span>
            {c.title[language]}
          </li>
        ))}
      </ul>
      {state.status === 'ready' && points.length === 0 && (
        <p className="empty-state" data-testid="findings-map-empty">
          {query ? t('findingsViews.map.emptyFiltered') : t('findingsViews.map.empty')}
        </p>
      )}
      {points.length > 0 && (
        <>
          <h3 className="fv-list-title">{t('findingsViews.map.listTitle')}</h3>
          <ol className="fv-point-list" data-testid="findings-map-list">
            {points.map((p) => (
              <li key={p.id} data-id={p.id}>
                <span className={`fv-status fv-status-${p.status}`}>{t(`findings.status.${p.status}`)}</span>{' '}
                <span className="fv-point-date">{formatLocalDate(p.occurredOn, language)}</span>{' '}
                <a
                  href={`/findings/${p.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/findings/${p.id}`);
                  }}
                >
                  {p.title}
                </a>{' '}
                <span className="muted">
                  {names.category(p.categoryCode)} · {names.region(p.region)}
                  {p.source === 'region' && ` · ${t('findingsViews.map.approximate')}`}
                </span>{' '}
                <button
                  type="button"
                  className="small"
                  onClick={() => setFocus((f) => ({ id: p.id, n: (f?.n ?? 0) + 1 }))}
                  aria-label={t('findingsViews.map.showOnMapOf', { title: p.title })}
                >
                  {t('findingsViews.map.showOnMap')}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

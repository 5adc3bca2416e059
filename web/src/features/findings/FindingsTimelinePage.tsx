import { useMemo, useState } from 'react';
import { FindingTimeline, weekStart } from '../../../../shared/findings.ts';
import { formatLocalDate } from '../../lib/format.ts';
import { ViewLoadState, type FindingsPageProps } from './finding-bits.tsx';
import { addDays, localDay, type FindingFilter } from './finding-filter.ts';
import { FindingFilters } from './FindingFilters.tsx';
import { FindingsTabs } from './FindingsTabs.tsx';
import './findings-views.css';
import { SERIES_COLOURS, TimelineChart, type Series } from './TimelineChart.tsx';
import { useFilteredView } from './views-filters.ts';

type GroupBy = 'region' | 'category';

/** The last twelve weeks, this one included. */
function lastTwelveWeeks(): Partial<FindingFilter> {
  const today = localDay();
  return { from: addDays(weekStart(today), -11 * 7), to: today };
}

/**
 * Findings by week (issue 9), stacked by region or by category: where and what is growing. The same
 * figures as a table beneath, for a keyboard, a screen reader or a spreadsheet.
 */
export function FindingsTimelinePage({ user, navigate }: FindingsPageProps) {
  const [groupBy, setGroupBy] = useState<GroupBy>(() =>
    new URLSearchParams(window.location.search).get('by') === 'category' ? 'category' : 'region',
  );
  const view = useFilteredView(user, {
    path: '/findings/timeline',
    api: '/api/findings/timeline',
    schema: FindingTimeline,
    defaults: lastTwelveWeeks(),
    extra: `by=${groupBy}`,
  });
  const { t, language, names, number, data } = view;

  const { series, counts } = useMemo(() => {
    const counts = new Map<string, number>();
    const byKey = new Map<string, number>();
    for (const row of data?.rows ?? []) {
      const key = groupBy === 'region' ? row.region : row.categoryCode;
      counts.set(`${row.week}|${key}`, (counts.get(`${row.week}|${key}`) ?? 0) + row.count);
      byKey.set(key, (byKey.get(key) ?? 0) + row.count);
    }
    const label = groupBy === 'region' ? names.region : names.category;
    // Biggest at the bottom of each bar; colours follow that order.
    const series: Series[] = [...byKey.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key], i) => ({ key, label: label(key), colour: SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '#888' }));
    return { series, counts };
  }, [data, groupBy, names]);
  const count = (week: string, key: string) => counts.get(`${week}|${key}`) ?? 0;
  const weeks = data?.weeks ?? [];
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  return (
    <section className="page fv-page" data-testid="findings-timeline-page" aria-labelledby="fv-timeline-title">
      <FindingsTabs user={user} current={'timeline'} navigate={navigate} />
      <div className="page-head">
        <h2 id="fv-timeline-title">{t('findingsViews.timelineTitle')}</h2>
        {data && (
          <span className="coverage" data-testid="timeline-total" data-count={total} role="status">
            {t('findingsViews.timeline.total', { count: total })}
          </span>
        )}
      </div>
      <FindingFilters {...view.filters} testId="findings-timeline-filter">
        <label>
          {t('findingsViews.timeline.groupBy')}
          <select
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value === 'category' ? 'category' : 'region')}
            data-testid="timeline-group"
          >
            <option value="region">{t('findingsViews.timeline.byRegion')}</option>
            <option value="category">{t('findingsViews.timeline.byCategory')}</option>
          </select>
        </label>
      </FindingFilters>
      <ViewLoadState state={view.state.status} onRetry={view.reload} />
      {data && weeks.length > 0 && <TimelineChart weeks={weeks} series={series} count={count} />}
      {data && total === 0 && (
        <p className="empty-state" data-testid="timeline-empty">
          {t('findingsViews.timeline.empty')}
        </p>
      )}
      {data && weeks.length > 0 && (
        <div className="fv-table-scroll">
          <table className="table fv-timeline-table" data-testid="timeline-table">
            <caption>{t('findingsViews.timeline.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('findingsViews.timeline.week')}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" data-key={s.key}>
                    {s.label}
                  </th>
                ))}
                <th scope="col">{t('findingsViews.timeline.weekTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w} data-week={w}>
                  <th scope="row">{t('findingsViews.timeline.weekOf', { date: formatLocalDate(w, language) })}</th>
                  {series.map((s) => (
                    <td key={s.key} className="num" data-key={s.key} data-count={count(w, s.key)}>
                      {number.format(count(w, s.key))}
                    </td>
                  ))}
                  <td className="num" data-total={series.reduce((sum, s) => sum + count(w, s.key), 0)}>
                    {number.format(series.reduce((sum, s) => sum + count(w, s.key), 0))}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('findingsViews.timeline.allWeeks')}</th>
                {series.map((s) => {
                  const n = weeks.reduce((sum, w) => sum + count(w, s.key), 0);
                  return (
                    <td key={s.key} className="num" data-key={s.key} data-count={n}>
                      {number.format(n)}
                    </td>
                  );
                })}
                <td className="num" data-total={total}>
                  {number.format(total)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DispatchMetrics, type DispatchTimes } from '../../../../shared/dispatch.ts';
import { localDate } from '../../../../shared/geo.ts';
import { getJson } from '../../lib/api-client.ts';
import { downloadCsv } from '../../lib/csv.ts';
import { minutesSeconds } from './dispatch-format.ts';

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: DispatchMetrics };

const COLUMNS = [
  'dispatches',
  'acknowledged',
  'arrived',
  'resolved',
  'ackMedian',
  'ackP90',
  'arriveMedian',
  'arriveP90',
] as const;
type Column = (typeof COLUMNS)[number];

function cell(row: DispatchTimes, column: Column): string | number {
  switch (column) {
    case 'dispatches':
    case 'acknowledged':
    case 'arrived':
    case 'resolved':
      return row[column];
    case 'ackMedian':
      return minutesSeconds(row.ackMedianSeconds);
    case 'ackP90':
      return minutesSeconds(row.ackP90Seconds);
    case 'arriveMedian':
      return minutesSeconds(row.arriveMedianSeconds);
    case 'arriveP90':
      return minutesSeconds(row.arriveP90Seconds);
  }
}

/**
 * How fast teams answered and arrived on one election day (a local, UTC+5, date): per region and in
 * all, median and 90th percentile, with a CSV of the same table. `refresh` changes when a dispatch
 * moved, so today's figures follow the day.
 */
export function MetricsTable({ regionName, refresh }: { regionName: (code: string) => string; refresh: number }) {
  const { t } = useTranslation();
  const [day, setDay] = useState(() => localDate(new Date()));
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    const controller = new AbortController();
    const timer = window.setTimeout(
      () => {
        getJson(`/api/dispatch/metrics?day=${day}`, DispatchMetrics, controller.signal).then(
          (data) => setState({ status: 'ready', data }),
          (error: unknown) => {
            if (!controller.signal.aborted)
              setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
          },
        );
        // Dispatch steps come in bursts: one request for a burst.
      },
      refresh === 0 ? 0 : 1000,
    );
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [day, refresh]);

  const data = state.status === 'ready' && state.data.day === day ? state.data : null;
  const rows: [string, DispatchTimes][] = data
    ? [
        ...data.regions
          .map((r): [string, DispatchTimes] => [r.region ? regionName(r.region) : '', r])
          .sort(([a], [b]) => a.localeCompare(b)),
        [t('dispatch.metrics.total'), data.total],
      ]
    : [];
  const header = [t('dispatch.metrics.col.region'), ...COLUMNS.map((c) => t(`dispatch.metrics.col.${c}`))];

  return (
    <section
      className="dispatch-section"
      aria-labelledby="dispatch-metrics-title"
      data-testid="dispatch-metrics"
      data-day={day}
      data-total={data?.total.dispatches ?? ''}
    >
      <div className="section-head">
        <h3 id="dispatch-metrics-title">{t('dispatch.metrics.title')}</h3>
        <label className="inline">
          <span>{t('dispatch.metrics.day')}</span>
          <input type="date" value={day} required onChange={(e) => setDay(e.target.value)} data-testid="metrics-day" />
        </label>
        <button
          type="button"
          disabled={!data || data.total.dispatches === 0}
          onClick={() =>
            downloadCsv(`dispatch-metrics-${day}.csv`, [
              header,
              ...rows.map(([name, r]) => [name, ...COLUMNS.map((c) => cell(r, c))]),
            ])
          }
          data-testid="metrics-csv"
        >
          {t('dispatch.metrics.csv')}
        </button>
      </div>
      {(state.status === 'loading' || (state.status === 'ready' && !data)) && (
        <p className="muted">{t('dispatch.metrics.loading')}</p>
      )}
      {state.status === 'error' && (
        <p className="form-error" role="alert">
          {t('dispatch.metrics.error', { message: state.message })}
        </p>
      )}
      {data && data.total.dispatches === 0 && (
        <p className="muted empty" data-testid="metrics-empty">
          {t('dispatch.metrics.empty')}
        </p>
      )}
      {data && data.total.dispatches > 0 && (
        <>
          <div className="table-scroll">
            <table className="table compact metrics-table">
              <thead>
                <tr>
                  {header.map((h, i) => (
                    <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(([name, r], i) => {
                  const total = i === rows.length - 1;
                  return (
                    <tr
                      key={r.region ?? 'total'}
                      className={total ? 'total' : undefined}
                      data-region={r.region ?? 'total'}
                    >
                      {total ? <th scope="row">{name}</th> : <td>{name}</td>}
                      {COLUMNS.map((c) => (
                        <td key={c} className="num">
                          {cell(r, c)}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="hint">{t('dispatch.metrics.note')}</p>
        </>
      )}
    </section>
  );
}

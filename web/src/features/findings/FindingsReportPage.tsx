import { useState } from 'react';
import { FindingReport } from '../../../../shared/findings.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { formatLocalDate, formatLocalTime, intlLocale } from '../../lib/format.ts';
import { ViewLoadState, type FindingsPageProps } from './finding-bits.tsx';
import { addDays, DATE, filterFromSearch, filterParams, localDay, NO_FILTER } from './finding-filter.ts';
import { FindingsTabs } from './FindingsTabs.tsx';
import './findings-views.css';
import { useViewData, useViewSetup } from './views-filters.ts';

/** What the report is asked for: a date range and a region, or all the person's regions. */
interface Asked {
  from: string;
  to: string;
  region: string;
}

/** The form's starting values: the address bar's (a shared link), else the last 30 days. */
function askedFromSearch(search: string): Asked {
  const to = localDay();
  const from = addDays(to, -29);
  const f = filterFromSearch(search);
  return { from: f.from || from, to: f.to || to, region: f.region };
}

function reportQuery(a: Asked, lang?: string): string {
  const p = filterParams({ ...NO_FILTER, ...a, page: 1 });
  if (lang) p.set('lang', lang);
  return p.toString();
}

/** Counts by category or by region: one row each, a name and a figure. */
function CountTable({
  testId,
  caption,
  column,
  count,
  rows,
  number,
}: {
  number: Intl.NumberFormat;
  testId: string;
  caption: string;
  column: string;
  count: string;
  rows: { key: string; name: string; count: number; attributes: Record<string, string | number> }[];
}) {
  return (
    <table className="table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <th scope="col" className="num">
            {count}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} {...r.attributes} className={r.count === 0 ? 'muted' : undefined}>
            <th scope="row">{r.name}</th>
            <td className="num">{number.format(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const fileSize = (bytes: number, language: string) =>
  new Intl.NumberFormat(intlLocale(language), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(
    Math.max(1, Math.round(bytes / 1024)),
  );

/**
 * The periodic report (issue 9): for a date range and a region or the whole country, the verified
 * findings counted by category and region, their summaries and evidence; printable and as CSV.
 */
export function FindingsReportPage({ user, navigate }: FindingsPageProps) {
  const { t, language, names, regionChoices: choices, number } = useViewSetup(user, 'findings.report');
  const [draft, setDraft] = useState<Asked>(() => askedFromSearch(window.location.search));
  const [asked, setAsked] = useState<Asked | null>(() =>
    new URLSearchParams(window.location.search).has('from') ? askedFromSearch(window.location.search) : null,
  );
  const everywhere = scopeFor(user.role, 'findings.report') === 'all';
  const [state, reload] = useViewData(
    asked ? `/api/findings/report?${reportQuery(asked, language)}` : null,
    FindingReport,
  );
  const backwards = draft.from > draft.to;

  const make = () => {
    if (backwards || !DATE.test(draft.from) || !DATE.test(draft.to)) return;
    setAsked(draft);
    const next = `/findings/report?${reportQuery(draft)}`;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  };

  const report = asked && state.status === 'ready' ? state.data : null;
  const query = asked ? reportQuery(asked, language) : '';

  return (
    <section className="page fv-page" data-testid="findings-report-page" aria-labelledby="fv-report-title">
      <FindingsTabs user={user} current={'report'} navigate={navigate} />
      <div className="page-head">
        <h2 id="fv-report-title">{t('findingsViews.reportTitle')}</h2>
      </div>
      <form
        className="filters fv-report-form"
        data-testid="findings-report-form"
        aria-label={t('findingsViews.report.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          make();
        }}
      >
        <label>
          {t('findingsViews.report.from')}
          <input
            type="date"
            required
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            data-testid="report-from"
          />
        </label>
        <label>
          {t('findingsViews.report.to')}
          <input
            type="date"
            required
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            aria-invalid={backwards || undefined}
            aria-describedby={backwards ? 'fv-report-range' : undefined}
            data-testid="report-to"
          />
        </label>
        <label>
          {t('findingsViews.report.region')}
          <select
            value={draft.region}
            onChange={(e) => setDraft((d) => ({ ...d, region: e.target.value }))}
            data-testid="report-region"
          >
            <option value="">
              {everywhere ? t('findingsViews.report.country') : t('findingsViews.report.myRegions')}
            </option>
            {choices.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="report-make" disabled={backwards}>
          {t('findingsViews.report.make')}
        </button>
        {backwards && (
          <p id="fv-report-range" className="form-error" role="alert">
            {t('findingsViews.report.backwards')}
          </p>
        )}
      </form>

      {!asked && <p className="hint">{t('findingsViews.report.hint')}</p>}
      {asked && <ViewLoadState state={state.status} onRetry={reload} />}

      {report && asked && (
        <div className="fv-report" data-testid="report-result">
          <div className="fv-report-head">
            <p>
              <strong>
                {report.region
                  ? names.region(report.region)
                  : everywhere
                    ? t('findingsViews.report.country')
                    : t('findingsViews.report.myRegions')}
              </strong>
              {' · '}
              {formatLocalDate(report.from, language)} – {formatLocalDate(report.to, language)}
              <span className="muted">
                {' · '}
                {t('findingsViews.report.generated', { at: formatLocalTime(report.generatedAt, language) })}
              </span>
            </p>
            <p className="coverage" data-testid="report-total" data-count={report.total}>
              {t('findingsViews.report.total', { count: report.total })}
            </p>
            <span className="actions fv-report-links">
              <a
                className="button"
                href={`/api/findings/report.html?${query}`}
                target="_blank"
                rel="noopener"
                data-testid="report-print"
              >
                {t('findingsViews.report.print')}
              </a>
              <a className="button" href={`/api/findings/report.csv?${query}`} download data-testid="report-csv">
                {t('findingsViews.report.csv')}
              </a>
              <a
                className="button"
                href={`/api/findings/report-findings.csv?${query}`}
                download
                data-testid="report-findings-csv"
              >
                {t('findingsViews.report.findingsCsv')}
              </a>
            </span>
          </div>
          {report.byStatus.length > 0 && (
            <p className="muted" data-testid="report-by-status">
              {t('findingsViews.report.byStatus')}:{' '}
              {report.byStatus.map((s) => `${t(`findings.status.${s.status}`)} ${number.format(s.count)}`).join(' · ')}
            </p>
          )}
          {report.total === 0 ? (
            <p className="empty-state" data-testid="report-empty">
              {t('findingsViews.report.empty')}
            </p>
          ) : (
            <>
              <div className="fv-report-tables">
                <CountTable
                  testId="report-by-category"
                  caption={t('findingsViews.report.byCategory')}
                  column={t('findingsViews.report.category')}
                  count={t('findingsViews.report.count')}
                  number={number}
                  rows={report.byCategory.map((c) => ({
                    key: c.categoryCode,
                    name: c.title[language],
                    count: c.count,
                    attributes: {
                      'data-testid': 'report-category-row',
                      'data-code': c.categoryCode,
                      'data-count': c.count,
                    },
                  }))}
                />
                <CountTable
                  testId="report-by-region"
                  caption={t('findingsViews.report.byRegion')}
                  column={t('findingsViews.report.regionColumn')}
                  count={t('findingsViews.report.count')}
                  number={number}
                  rows={report.byRegion.map((r) => ({
                    key: r.region,
                    name: names.region(r.region),
                    count: r.count,
                    attributes: { 'data-testid': 'report-region-row', 'data-region': r.region, 'data-count': r.count },
                  }))}
                />
              </div>
              <h3>{t('findingsViews.report.findings')}</h3>
              <ol className="fv-report-findings">
                {report.findings.map((f) => (
                  <li key={f.id} data-testid="report-finding" data-id={f.id}>
                    <h4>
                      <a
                        href={`/findings/${f.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`/findings/${f.id}`);
                        }}
                      >
                        {f.title}
                      </a>
                    </h4>
                    <p className="muted">
                      {formatLocalDate(f.occurredOn, language)} · {names.region(f.region)}, {f.locality} ·{' '}
                      {names.category(f.categoryCode)} · {t(`findings.status.${f.status}`)} ·{' '}
                      {t('findingsViews.report.confidence', { level: t(`findings.confidence.${f.confidence}`) })}
                    </p>
                    <p className="fv-summary">{f.description}</p>
                    {f.sources.length > 0 && (
                      <p className="fv-sources">
                        {t('findingsViews.report.sources')}:{' '}
                        {f.sources
                          .map((s) => [t(`findings.sourceKind.${s.kind}`), s.note, s.url].filter(Boolean).join(' — '))
                          .join('; ')}
                      </p>
                    )}
                    {f.evidence.length === 0 ? (
                      <p className="muted">{t('findingsViews.report.noEvidence')}</p>
                    ) : (
                      <table className="table fv-evidence" aria-label={t('findingsViews.report.evidence')}>
                        <thead>
                          <tr>
                            <th scope="col">{t('findingsViews.report.file')}</th>
                            <th scope="col">{t('findingsViews.report.size')}</th>
                            <th scope="col">SHA-256</th>
                          </tr>
                        </thead>
                        <tbody>
                          {f.evidence.map((e) => (
                            <tr key={e.id} data-testid="report-evidence" data-sha256={e.sha256 ?? ''}>
                              <td>{e.fileName ?? t(`findingsViews.report.kind.${e.kind}`)}</td>
                              <td>{fileSize(e.size, language)}</td>
                              <td className="fv-hash">{e.sha256 ?? t('findingsViews.report.notUploaded')}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}

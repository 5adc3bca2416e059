import { useMemo, useState } from 'react';
import type { FindingList, FindingSummary } from '../../../../shared/findings.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { formatLocalDate } from '../../lib/format.ts';
import { filterFromSearch, filterParams, PAGE_SIZE, pageParams, type FindingFilter } from './finding-filter.ts';
import { StatusBadge, type FindingsPageProps } from './finding-bits.tsx';
import { FindingFilters } from './FindingFilters.tsx';
import { FindingsTabs } from './FindingsTabs.tsx';
import { isStuck } from './outbox-rules.ts';
import { useFindingList, useFindingsOutbox } from './use-findings.ts';
import { useViewSetup } from './views-filters.ts';
import './findings.css';

/** The list's columns; the wide ones are hidden on a phone. */
const COLUMNS = [
  ['date', false],
  ['category', false],
  ['region', false],
  ['locality', true],
  ['title', false],
  ['status', false],
  ['confidence', true],
  ['author', true],
  ['files', true],
] as const;

/**
 * The findings log: full-text search (Kazakh and Russian) and filters kept in the address bar, a
 * page of findings newest first, live; what this device still has to send is counted on top.
 */
export function FindingsPage({ user, navigate }: FindingsPageProps) {
  // The address bar is the filters' state: App re-renders this page on every navigation and Back.
  const search = window.location.search;
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const { t, categories, names, regionChoices, number } = useViewSetup(user, 'findings.read');
  const outbox = useFindingsOutbox(user.id);
  const query = filterParams(filter);
  query.set('page', String(filter.page));
  query.set('pageSize', String(PAGE_SIZE));
  const { state, reload } = useFindingList(query.toString());
  const list = state.data;
  const reviewer = scopeFor(user.role, 'findings.review') !== null;

  // Reviewers filter by observer: the authors seen so far (the list names them, no people API needed).
  const [seen, setSeen] = useState<{ list: FindingList | null; authors: Map<number, string> }>(() => ({
    list: null,
    authors: new Map(),
  }));
  if (reviewer && list && seen.list !== list) {
    const authors = new Map(seen.authors);
    for (const f of list.items) authors.set(f.author.id, f.author.name);
    setSeen({ list, authors });
  }
  const authors = seen.authors;
  const observers = useMemo(
    () =>
      reviewer
        ? [...authors].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, names.language))
        : null,
    [authors, reviewer, names.language],
  );

  const go = (next: FindingFilter) => {
    const q = pageParams(next).toString();
    navigate(q ? `/findings?${q}` : '/findings');
  };
  const change = (patch: Partial<FindingFilter>) => go({ ...filter, ...patch, page: 1 });
  const open = (f: FindingSummary) => navigate(`/findings/${f.id}`);

  const pendingCreates = outbox.ops.filter((o) => o.kind === 'create');
  // Refused edits and files of findings the server has: each links to its finding to fix or discard.
  const refusedOthers = [
    ...outbox.ops.flatMap((o) =>
      o.kind === 'edit' && o.state === 'rejected'
        ? [
            {
              key: o.id,
              findingId: o.findingId,
              text: t('findings.list.refusedEdit', { message: o.refusal?.message ?? '' }),
            },
          ]
        : [],
    ),
    ...outbox.files.flatMap((f) =>
      f.state === 'rejected' && !pendingCreates.some((o) => o.findingId === f.findingId)
        ? [
            {
              key: f.id,
              findingId: f.findingId,
              text: t('findings.list.refusedFile', { name: f.fileName, message: f.refusal?.message ?? '' }),
            },
          ]
        : [],
    ),
  ];
  const refused =
    outbox.ops.filter((o) => o.state === 'rejected').length + outbox.files.filter((f) => f.state === 'rejected').length;
  const total = list?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = filterParams(filter).toString() !== '';
  const csv = new URLSearchParams(filterParams(filter));
  csv.set('lang', names.language);

  return (
    <section className="page fl-page" data-testid="findings-page" aria-labelledby="fl-title">
      <FindingsTabs user={user} current="list" navigate={navigate} />
      <div className="page-head">
        <h2 id="fl-title">{t('findings.title')}</h2>
        <span className="coverage" data-testid="findings-total" data-count={total}>
          {t('findings.list.total', { count: total })}
        </span>
        {outbox.waiting > 0 && (
          <span className="fl-outbox" data-testid="findings-outbox" data-count={outbox.waiting} role="status">
            {t('findings.list.outbox', { count: outbox.waiting })}{' '}
            <button type="button" className="link" onClick={() => void outbox.flush()}>
              {t('findings.list.sendNow')}
            </button>
          </span>
        )}
        {refused > 0 && (
          <span className="fl-refused" data-testid="findings-outbox-refused" data-count={refused} role="alert">
            {t('findings.list.outboxRefused', { count: refused })}
          </span>
        )}
        <a
          className="button fl-export"
          href={`/api/findings/export.csv?${csv.toString()}`}
          download
          data-testid="findings-export"
        >
          {t('findings.list.export')}
        </a>
      </div>

      {pendingCreates.length > 0 && (
        <ul className="fl-pending-list" data-testid="findings-outbox-list">
          {pendingCreates.map((op) => (
            <li key={op.id} data-state={op.state}>
              <a
                href={`/findings/${op.findingId}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/findings/${op.findingId}`);
                }}
              >
                {formatLocalDate(op.body.occurredOn, names.language)} · {op.body.title}
              </a>{' '}
              <span className={op.state === 'rejected' ? 'fl-refused' : 'fl-waiting'}>
                {op.state === 'rejected'
                  ? t('findings.page.refused', { message: op.refusal?.message ?? '' })
                  : isStuck(op)
                    ? t('findings.page.stuck')
                    : t('findings.page.waitingFile')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {refusedOthers.length > 0 && (
        <ul className="fl-pending-list" data-testid="findings-outbox-refused-list">
          {refusedOthers.map((r) => (
            <li key={r.key} data-state="rejected">
              <a
                href={`/findings/${r.findingId}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/findings/${r.findingId}`);
                }}
              >
                <span className="fl-refused">{r.text}</span>
              </a>
            </li>
          ))}
        </ul>
      )}

      <FindingFilters
        filter={filter}
        onChange={change}
        categories={categories}
        regions={regionChoices}
        testId="findings-filter"
        className="fl-filters"
        search
        observers={observers}
        clearable
      />

      {state.status === 'error' && (
        <p className="state state-error" role="alert">
          {t('findings.list.error', { message: state.message })}{' '}
          <button type="button" onClick={reload}>
            {t('findings.list.retry')}
          </button>
        </p>
      )}
      {state.status === 'loading' && !list && (
        <p className="state" role="status">
          {t('findings.list.loading')}
        </p>
      )}
      {state.status === 'ready' && total === 0 && (
        <p className="state fl-empty" data-testid="findings-empty">
          {filtered ? t('findings.list.emptyFiltered') : t('findings.list.empty')}
        </p>
      )}
      {list && list.items.length > 0 && (
        <div className="fl-table-wrap">
          <table className="fl-table" data-testid="findings-list" aria-busy={state.status === 'loading'}>
            <caption className="visually-hidden">{t('findings.list.caption')}</caption>
            <thead>
              <tr>
                {COLUMNS.map(([column, wide]) => (
                  <th key={column} scope="col" className={wide ? 'fl-wide' : undefined}>
                    {t(`findings.list.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.items.map((f) => (
                <tr
                  key={f.id}
                  data-testid="finding-row"
                  data-id={f.id}
                  data-status={f.status}
                  tabIndex={0}
                  onClick={() => open(f)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      open(f);
                    }
                  }}
                >
                  <td className="fl-nowrap">{formatLocalDate(f.occurredOn, names.language)}</td>
                  <td>{names.category(f.categoryCode)}</td>
                  <td>{names.region(f.region)}</td>
                  <td className="fl-wide">{f.locality}</td>
                  <td className="fl-title">
                    <a
                      href={`/findings/${f.id}`}
                      tabIndex={-1}
                      onClick={(e) => {
                        e.preventDefault();
                      }}
                    >
                      {f.title}
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={f.status} />
                  </td>
                  <td className="fl-wide">{t(`findings.confidence.${f.confidence}`)}</td>
                  <td className="fl-wide">{f.author.name}</td>
                  <td className="fl-wide fl-num">{number.format(f.evidenceCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > PAGE_SIZE && (
        <nav className="fl-paging" aria-label={t('findings.list.page', { page: filter.page, pages })}>
          <button
            type="button"
            disabled={filter.page <= 1}
            data-testid="findings-prev"
            onClick={() => go({ ...filter, page: filter.page - 1 })}
          >
            {t('findings.list.prev')}
          </button>
          <span>{t('findings.list.page', { page: filter.page, pages })}</span>
          <button
            type="button"
            disabled={filter.page >= pages}
            data-testid="findings-next"
            onClick={() => go({ ...filter, page: filter.page + 1 })}
          >
            {t('findings.list.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

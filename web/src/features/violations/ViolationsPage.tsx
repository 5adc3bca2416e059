import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import {
  SEVERITIES,
  VIOLATION_PHASES,
  VIOLATION_STATUSES,
  ViolationCategoryList,
  type Severity,
  type Violation,
  type ViolationCategory,
  formatArticle,
} from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { CategoryForm } from './CategoryForm.tsx';
import { DEFAULT_FILTER, filterFromSearch, filterParams, type QueueFilter } from './queue-filter.ts';
import { shortLocalTime } from './time.ts';
import { useQueue } from './use-queue.ts';
import { ActBadge, SeverityBadge, ThumbStrip } from './violation-bits.tsx';
import { ViolationPanel } from './ViolationPanel.tsx';

const PAGE = 200;

/**
 * The HQ queue: open violations, worst first and then the oldest, live. A coordinator sees their
 * regions (the server narrows it); j/k or the arrows move, Enter opens, Esc closes.
 */
export function ViolationsPage({
  user,
  selectedId,
  navigate,
}: {
  user: SessionUser;
  selectedId: string | null;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [filter, setFilter] = useState<QueueFilter>(() => filterFromSearch(window.location.search));
  const [limit, setLimit] = useState(PAGE);
  const queue = useQueue(filter, limit);
  const [regions, setRegions] = useState<Region[]>([]);
  const [categories, setCategories] = useState<ViolationCategory[]>([]);
  const [categoriesVersion, setCategoriesVersion] = useState(0);
  const [cursor, setCursor] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);
  const query = filterParams(filter).toString();
  const canExport = scopeFor(user.role, 'violations.export') !== null;
  const canAddCategory = scopeFor(user.role, 'violation_categories.write') !== null;

  useEffect(() => {
    // Lists for the filters: a late answer after leaving the page is harmless.
    void getJson('/api/regions', RegionList).then(
      (list) => setRegions(list.items),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    void getJson('/api/violation-categories', ViolationCategoryList).then(
      (list) => setCategories(list.items),
      () => undefined,
    );
  }, [categoriesVersion]);

  // The address bar carries the filters, so a reload or a shared link shows the same list.
  useEffect(() => {
    const path = selectedId ? `/violations/${selectedId}` : '/violations';
    const next = `${path}?${query}`;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  }, [query, selectedId]);

  const items = queue.items;
  const active = Math.min(cursor, Math.max(0, items.length - 1));
  const open = (v: Violation) => navigate(`/violations/${v.id}?${query}`);
  const close = () => {
    if (selectedId) navigate(`/violations?${query}`);
  };

  // Keys work wherever the focus is, except while typing.
  const keys = useRef({ items, active, open, close });
  useEffect(() => {
    keys.current = { items, active, open, close };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const { items: list, active: at, open: openOne, close: closePanel } = keys.current;
      // Esc inside a form must not throw away a half-written complaint.
      if (target?.closest('input, select, textarea, [contenteditable="true"]')) return;
      if (event.key === 'Escape') {
        closePanel();
        return;
      }
      if (target?.closest('button, a')) return;
      const move = (to: number) => {
        event.preventDefault();
        const next = Math.max(0, Math.min(list.length - 1, to));
        setCursor(next);
        listRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
      };
      if (event.key === 'j' || event.key === 'ArrowDown') move(at + 1);
      else if (event.key === 'k' || event.key === 'ArrowUp') move(at - 1);
      else if (event.key === 'Home') move(0);
      else if (event.key === 'End') move(list.length - 1);
      else if (event.key === 'Enter' && list[at]) {
        event.preventDefault();
        openOne(list[at]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const regionName = useMemo(() => {
    const names = new Map(regions.map((r) => [r.code, r.name[language]]));
    return (code: string) => names.get(code) ?? code;
  }, [regions, language]);
  const regionChoices = useMemo(
    () =>
      regions
        .filter((r) => scopeFor(user.role, 'violations.read') !== 'regions' || user.regions.includes(r.code))
        .sort((a, b) => a.name[language].localeCompare(b.name[language], language)),
    [regions, user, language],
  );
  const bySeverity = useMemo(() => {
    const counts: Record<Severity, number> = { critical: 0, serious: 0, minor: 0 };
    for (const v of items) counts[v.severity]++;
    return counts;
  }, [items]);

  const set = (patch: Partial<QueueFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setLimit(PAGE);
    setCursor(0);
  };
  const number = new Intl.NumberFormat(intlLocale(language));
  const filtered = query !== filterParams(DEFAULT_FILTER).toString();

  return (
    <section className={selectedId ? 'page vq-page with-panel' : 'page vq-page'} aria-labelledby="vq-title">
      <div className="vq-main">
        <div className="page-head">
          <h2 id="vq-title">{t('violations.title')}</h2>
          <span className="coverage" data-testid="violations-total">
            {t('violations.queue.shown', { shown: items.length, total: queue.total })}
          </span>
          <span className="vq-counts" aria-label={t('violations.queue.bySeverity')}>
            {SEVERITIES.map((s) => (
              <span key={s} className={`sev-count sev-${s}`}>
                {t(`violations.severity.${s}`)}: {number.format(bySeverity[s])}
              </span>
            ))}
          </span>
          {queue.fresh.size > 0 && (
            <button
              type="button"
              className="pill fresh-pill"
              data-testid="violations-fresh"
              onClick={() => {
                queue.seen();
                listRef.current?.scrollIntoView({ block: 'start' });
              }}
            >
              {t('violations.queue.fresh', { count: queue.fresh.size })}
            </button>
          )}
          {canExport && (
            <span className="actions vq-export">
              <a className="button" href={`/api/violations/export.csv?${query}`} download data-testid="export-csv">
                {t('violations.queue.exportCsv')}
              </a>
              <a
                className="button"
                href={`/api/violations/export.geojson?${query}`}
                download
                data-testid="export-geojson"
              >
                {t('violations.queue.exportGeojson')}
              </a>
            </span>
          )}
        </div>
        <form
          className="filters vq-filters"
          role="search"
          aria-label={t('violations.filters.label')}
          onSubmit={(e) => e.preventDefault()}
        >
          <label>
            {t('violations.filters.region')}
            <select
              value={filter.region ?? ''}
              onChange={(e) => set({ region: e.target.value || null })}
              data-testid="vq-filter-region"
            >
              <option value="">{t('violations.filters.all')}</option>
              {regionChoices.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name[language]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('violations.filters.phase')}
            <select
              value={filter.phase ?? ''}
              onChange={(e) => set({ phase: VIOLATION_PHASES.find((p) => p === e.target.value) ?? null })}
              data-testid="vq-filter-phase"
            >
              <option value="">{t('violations.filters.all')}</option>
              {VIOLATION_PHASES.map((p) => (
                <option key={p} value={p}>
                  {t(`violations.phase.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('violations.filters.category')}
            <select
              value={filter.category ?? ''}
              onChange={(e) => set({ category: e.target.value || null })}
              data-testid="vq-filter-category"
            >
              <option value="">{t('violations.filters.all')}</option>
              {VIOLATION_PHASES.filter((p) => !filter.phase || p === filter.phase).map((p) => {
                const inPhase = categories.filter((c) => c.phase === p);
                return inPhase.length === 0 ? null : (
                  <optgroup key={p} label={t(`violations.phase.${p}`)}>
                    {inPhase.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.title[language]} ({formatArticle(c.article, language)})
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </label>
          <label>
            {t('violations.filters.severity')}
            <select
              value={filter.severity ?? ''}
              onChange={(e) => set({ severity: SEVERITIES.find((s) => s === e.target.value) ?? null })}
              data-testid="vq-filter-severity"
            >
              <option value="">{t('violations.filters.all')}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`violations.severity.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('violations.filters.status')}
            <select
              value={filter.status ?? ''}
              onChange={(e) => set({ status: VIOLATION_STATUSES.find((s) => s === e.target.value) ?? null })}
              data-testid="vq-filter-status"
            >
              <option value="">{t('violations.filters.all')}</option>
              {VIOLATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`violations.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('violations.filters.station')}
            <input
              type="number"
              min={1}
              inputMode="numeric"
              className="vq-station"
              value={filter.station ?? ''}
              onChange={(e) => {
                const n = Number(e.target.value);
                set({ station: Number.isInteger(n) && n > 0 ? n : null });
              }}
              data-testid="vq-filter-station"
            />
          </label>
          <label className="toggle" title={filter.status ? t('violations.filters.openIgnored') : undefined}>
            <input
              type="checkbox"
              checked={filter.open && !filter.status}
              disabled={filter.status !== null}
              onChange={(e) => set({ open: e.target.checked })}
              data-testid="vq-filter-open"
            />
            {t('violations.filters.openOnly')}
          </label>
          {filtered && (
            <button type="button" onClick={() => set(DEFAULT_FILTER)}>
              {t('violations.filters.clear')}
            </button>
          )}
        </form>
        {canAddCategory && <CategoryForm onAdded={() => setCategoriesVersion((n) => n + 1)} />}
        <p className="hint">{t('violations.queue.keys')}</p>
        {queue.status === 'loading' && (
          <p className="state" role="status">
            {t('app.loading')}
          </p>
        )}
        {queue.status === 'error' && (
          <div className="state state-error" role="alert">
            <p>{t('violations.queue.error', { message: queue.message })}</p>
            <button type="button" onClick={queue.reload}>
              {t('map.retry')}
            </button>
          </div>
        )}
        {queue.status === 'ready' && items.length === 0 && (
          <p className="state empty" role="status" data-testid="violations-empty">
            {filtered ? t('violations.queue.emptyFiltered') : t('violations.queue.empty')}
          </p>
        )}
        {items.length > 0 && (
          <ol
            ref={listRef}
            className="vq-list"
            role="listbox"
            aria-label={t('violations.queue.label')}
            data-testid="violations-queue"
          >
            {items.map((v, i) => (
              <li
                key={v.id}
                role="option"
                aria-selected={v.id === selectedId}
                tabIndex={i === active ? 0 : -1}
                data-index={i}
                data-id={v.id}
                data-testid="violation-row"
                data-severity={v.severity}
                data-status={v.status}
                className={[
                  'vq-row',
                  queue.fresh.has(v.id) ? 'fresh' : '',
                  i === active ? 'cursor' : '',
                  v.status === 'closed' || v.status === 'corrected' ? 'settled' : '',
                ].join(' ')}
                onClick={() => {
                  setCursor(i);
                  open(v);
                }}
                onFocus={() => setCursor(i)}
              >
                <SeverityBadge severity={v.severity} />
                <span className="vq-station-cell">
                  <strong>{t('map.station', { number: v.station.number })}</strong>
                  <span className="muted">{regionName(v.station.region)}</span>
                  {queue.fresh.has(v.id) && <span className="tag fresh-tag">{t('violations.queue.new')}</span>}
                </span>
                <time className="vq-time" dateTime={v.observedAt}>
                  {shortLocalTime(v.observedAt)}
                </time>
                <span className="vq-category">
                  {v.category.title[language]}
                  {v.otherText && <>: {v.otherText}</>}{' '}
                  <span className="muted">· {formatArticle(v.category.article, language)}</span>
                </span>
                <span className={`vq-status vstatus-${v.status}`}>{t(`violations.status.${v.status}`)}</span>
                <ActBadge violation={v} />
                <ThumbStrip evidence={v.evidence} />
                <span
                  className="vq-complaints"
                  title={t('violations.complaints.count', { count: v.complaints })}
                  aria-label={t('violations.complaints.count', { count: v.complaints })}
                >
                  {v.complaints > 0 ? `⚖ ${number.format(v.complaints)}` : ''}
                </span>
              </li>
            ))}
          </ol>
        )}
        {items.length < queue.total && limit < 1000 && (
          <button type="button" onClick={() => setLimit((n) => Math.min(1000, n + PAGE))}>
            {t('violations.queue.more', { count: queue.total - items.length })}
          </button>
        )}
      </div>
      {selectedId && (
        <ViolationPanel
          key={selectedId}
          id={selectedId}
          user={user}
          regionName={regionName}
          onClose={close}
          navigate={navigate}
        />
      )}
    </section>
  );
}

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDING_STATUSES, type FindingCategory } from '../../../../shared/findings.ts';
import type { Region } from '../../../../shared/regions.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { NO_FILTER, parseStatuses, REVIEWED, type FindingFilter } from './finding-filter.ts';

const DEBOUNCE_MS = 400;
const ALL_REVIEWED = REVIEWED.join(',');

/**
 * The filters of every findings page: region, category, status and the date range; the list adds
 * the search box, the observer and "clear". `testId` prefixes each field's data-testid
 * (`findings-filter-region`, `findings-map-filter-region`…); `children` adds a page's own fields.
 * Typing searches after a pause, Enter at once.
 */
export function FindingFilters({
  filter,
  onChange,
  categories,
  regions,
  testId,
  className,
  search = false,
  observers = null,
  clearable = false,
  children,
}: {
  filter: FindingFilter;
  onChange: (patch: Partial<FindingFilter>) => void;
  categories: readonly FindingCategory[];
  /** The regions to offer, already sorted. */
  regions: readonly Region[];
  testId: string;
  className: string;
  search?: boolean;
  /** Authors seen so far, for reviewers; null hides the filter. */
  observers?: readonly { id: number; name: string }[] | null;
  clearable?: boolean;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [text, setText] = useState(filter.q);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Back or a cleared filter changes the query under the box: show it.
  const [shownQ, setShownQ] = useState(filter.q);
  if (shownQ !== filter.q) {
    setShownQ(filter.q);
    setText(filter.q);
  }
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  // The timer fires after a pause: it must use the filter and handler of then, not of the keystroke.
  const latest = useRef({ filter, onChange });
  useEffect(() => {
    latest.current = { filter, onChange };
  });
  const searchFor = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (q.trim() !== latest.current.filter.q.trim()) latest.current.onChange({ q: q.trim() });
  };
  const status = filter.status.join(',');
  const knownStatus = status === '' || status === ALL_REVIEWED || FINDING_STATUSES.some((s) => s === status);
  const active =
    filter.q ||
    filter.region ||
    filter.category ||
    filter.status.length > 0 ||
    filter.from ||
    filter.to ||
    filter.observer;

  const select = (
    key: 'region' | 'category' | 'status' | 'observer',
    value: string,
    set: (value: string) => void,
    options: ReactNode,
  ) => (
    <label>
      {t(`findings.filters.${key}`)}
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={`${testId}-${key}`}>
        <option value="">{t('findings.filters.any')}</option>
        {options}
      </select>
    </label>
  );
  const date = (key: 'from' | 'to', bound: { min?: string; max?: string }) => (
    <label>
      {t(`findings.filters.${key}`)}
      <input
        type="date"
        value={filter[key]}
        {...bound}
        onChange={(e) => onChange(key === 'from' ? { from: e.target.value } : { to: e.target.value })}
        data-testid={`${testId}-${key}`}
      />
    </label>
  );

  return (
    <form
      className={`filters ${className}`}
      role="search"
      aria-label={t('findings.filters.label')}
      onSubmit={(e) => {
        e.preventDefault();
        searchFor(text);
      }}
    >
      {search && (
        <label className="fl-search">
          {t('findings.list.search')}
          <input
            type="search"
            value={text}
            maxLength={200}
            placeholder={t('findings.list.searchPlaceholder')}
            data-testid="findings-search"
            onChange={(e) => {
              const q = e.target.value;
              setText(q);
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => searchFor(q), DEBOUNCE_MS);
            }}
          />
        </label>
      )}
      {select(
        'region',
        filter.region,
        (region) => onChange({ region }),
        regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name[language]}
          </option>
        )),
      )}
      {select(
        'category',
        filter.category,
        (category) => onChange({ category }),
        categories.map((c) => (
          <option key={c.code} value={c.code}>
            {c.title[language]}
            {c.active ? '' : ` (${t('findings.filters.retired')})`}
          </option>
        )),
      )}
      {select(
        'status',
        status,
        (value) => onChange({ status: value === ALL_REVIEWED ? [...REVIEWED] : parseStatuses(value) }),
        <>
          <option value={ALL_REVIEWED}>{t('findings.filters.reviewed')}</option>
          {FINDING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`findings.status.${s}`)}
            </option>
          ))}
          {!knownStatus && (
            <option value={status}>{filter.status.map((s) => t(`findings.status.${s}`)).join(', ')}</option>
          )}
        </>,
      )}
      {date('from', filter.to ? { max: filter.to } : {})}
      {date('to', filter.from ? { min: filter.from } : {})}
      {observers &&
        select(
          'observer',
          filter.observer,
          (observer) => onChange({ observer }),
          observers.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          )),
        )}
      {children}
      {clearable && active && (
        <button type="button" className="link fl-clear" onClick={() => onChange(NO_FILTER)}>
          {t('findings.filters.clear')}
        </button>
      )}
    </form>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDING_STATUSES, type FindingCategory } from '../../../../shared/findings.ts';
import type { Region } from '../../../../shared/regions.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { FindingFilter } from './finding-filter.ts';

const DEBOUNCE_MS = 400;

/**
 * The list's search box and filters. Typing searches after a pause, Enter at once; every change
 * goes to the address bar (the caller's `onChange`), so Back returns to the previous filters.
 */
export function FindingFilters({
  filter,
  onChange,
  categories,
  regions,
  observers,
}: {
  filter: FindingFilter;
  onChange: (patch: Partial<FindingFilter>) => void;
  categories: readonly FindingCategory[];
  regions: readonly (Region & { label: string })[];
  /** Authors seen so far, for reviewers; null hides the filter. */
  observers: readonly { id: number; name: string }[] | null;
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
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (q.trim() !== filter.q.trim()) onChange({ q: q.trim() });
  };
  const active =
    filter.q || filter.region || filter.category || filter.status || filter.from || filter.to || filter.observer;

  return (
    <form
      className="filters fl-filters"
      role="search"
      aria-label={t('findings.filters.label')}
      onSubmit={(e) => {
        e.preventDefault();
        search(text);
      }}
    >
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
            timer.current = setTimeout(() => search(q), DEBOUNCE_MS);
          }}
        />
      </label>
      <label>
        {t('findings.filters.region')}
        <select
          value={filter.region}
          onChange={(e) => onChange({ region: e.target.value })}
          data-testid="findings-filter-region"
        >
          <option value="">{t('findings.filters.any')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('findings.filters.category')}
        <select
          value={filter.category}
          onChange={(e) => onChange({ category: e.target.value })}
          data-testid="findings-filter-category"
        >
          <option value="">{t('findings.filters.any')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.title[language]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('findings.filters.status')}
        <select
          value={filter.status}
          onChange={(e) => {
            const status = FINDING_STATUSES.find((s) => s === e.target.value);
            onChange({ status: status ?? '' });
          }}
          data-testid="findings-filter-status"
        >
          <option value="">{t('findings.filters.any')}</option>
          {FINDING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`findings.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('findings.filters.from')}
        <input
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(e) => onChange({ from: e.target.value })}
          data-testid="findings-filter-from"
        />
      </label>
      <label>
        {t('findings.filters.to')}
        <input
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(e) => onChange({ to: e.target.value })}
          data-testid="findings-filter-to"
        />
      </label>
      {observers && (
        <label>
          {t('findings.filters.observer')}
          <select
            value={filter.observer}
            onChange={(e) => onChange({ observer: e.target.value })}
            data-testid="findings-filter-observer"
          >
            <option value="">{t('findings.filters.any')}</option>
            {observers.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {active && (
        <button
          type="button"
          className="link fl-clear"
          onClick={() => onChange({ q: '', region: '', category: '', status: '', from: '', to: '', observer: '' })}
        >
          {t('findings.filters.clear')}
        </button>
      )}
    </form>
  );
}

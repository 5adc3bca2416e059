import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDING_STATUSES, FindingStatus, type FindingCategory } from '../../../../shared/findings.ts';
import type { Region } from '../../../../shared/regions.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { REVIEWED, type ViewFilter } from './views-filters.ts';

const ALL_REVIEWED = REVIEWED.join(',');

/**
 * Region, category, status and the date range, as on the list: the map layer and the timeline read
 * the same query string. `testId` prefixes every field's data-testid (`findings-map-filter`).
 */
export function ViewFilters({
  filter,
  onChange,
  regions,
  categories,
  testId,
  children,
}: {
  filter: ViewFilter;
  onChange: (patch: Partial<ViewFilter>) => void;
  regions: Region[];
  categories: FindingCategory[];
  testId: string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const status = filter.status.join(',');
  const statusChoice = (value: string): FindingStatus[] =>
    value === ALL_REVIEWED
      ? [...REVIEWED]
      : value.split(',').flatMap((s) => {
          const r = FindingStatus.safeParse(s);
          return r.success ? [r.data] : [];
        });
  const known = status === '' || status === ALL_REVIEWED || FINDING_STATUSES.some((s) => s === status);
  return (
    <form
      className="filters fv-filters"
      role="search"
      aria-label={t('findingsViews.filters.label')}
      onSubmit={(e) => e.preventDefault()}
    >
      <label>
        {t('findingsViews.filters.region')}
        <select
          value={filter.region ?? ''}
          onChange={(e) => onChange({ region: e.target.value || null })}
          data-testid={`${testId}-region`}
        >
          <option value="">{t('findingsViews.filters.allRegions')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name[language]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('findingsViews.filters.category')}
        <select
          value={filter.category ?? ''}
          onChange={(e) => onChange({ category: e.target.value || null })}
          data-testid={`${testId}-category`}
        >
          <option value="">{t('findingsViews.filters.all')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.title[language]}
              {c.active ? '' : ` (${t('findingsViews.filters.retired')})`}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('findingsViews.filters.status')}
        <select
          value={status}
          onChange={(e) => onChange({ status: statusChoice(e.target.value) })}
          data-testid={`${testId}-status`}
        >
          <option value="">{t('findingsViews.filters.all')}</option>
          <option value={ALL_REVIEWED}>{t('findingsViews.filters.reviewed')}</option>
          {FINDING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`findingsViews.status.${s}`)}
            </option>
          ))}
          {!known && (
            <option value={status}>{filter.status.map((s) => t(`findingsViews.status.${s}`)).join(', ')}</option>
          )}
        </select>
      </label>
      <label>
        {t('findingsViews.filters.from')}
        <input
          type="date"
          value={filter.from ?? ''}
          max={filter.to ?? undefined}
          onChange={(e) => onChange({ from: e.target.value || null })}
          data-testid={`${testId}-from`}
        />
      </label>
      <label>
        {t('findingsViews.filters.to')}
        <input
          type="date"
          value={filter.to ?? ''}
          min={filter.from ?? undefined}
          onChange={(e) => onChange({ to: e.target.value || null })}
          data-testid={`${testId}-to`}
        />
      </label>
      {children}
    </form>
  );
}

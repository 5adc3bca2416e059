import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingCategory, FindingStatus } from '../../../../shared/findings.ts';
import { LOCAL_TIME_ZONE } from '../../../../shared/geo.ts';
import type { Region } from '../../../../shared/regions.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';

export function StatusBadge({ status, testId }: { status: FindingStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`fl-status fl-status-${status}`} data-status={status} data-testid={testId}>
      {t(`findings.status.${status}`)}
    </span>
  );
}

/** A local calendar date ("2026-11-25") in the UI language, day first. */
export function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant in local time (UTC+5), to the minute. */
export function formatInstant(iso: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: LOCAL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** Names of categories and regions in the UI language (the code when the list is not loaded). */
export function useNames(categories: readonly FindingCategory[], regions: readonly Region[]) {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  return useMemo(() => {
    const categoryTitles = new Map(categories.map((c) => [c.code, c.title[language]]));
    const regionNames = new Map(regions.map((r) => [r.code, r.name[language]]));
    return {
      language,
      category: (code: string) => categoryTitles.get(code) ?? code,
      region: (code: string) => regionNames.get(code) ?? code,
    };
  }, [categories, regions, language]);
}

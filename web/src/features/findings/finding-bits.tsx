import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import type { FindingCategory, FindingStatus } from '../../../../shared/findings.ts';
import type { Region } from '../../../../shared/regions.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';

/** What App gives every findings page. */
export interface FindingsPageProps {
  user: SessionUser;
  navigate: (path: string) => void;
}

export function StatusBadge({ status, testId }: { status: FindingStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`fl-status fl-status-${status}`} data-status={status} data-testid={testId}>
      {t(`findings.status.${status}`)}
    </span>
  );
}

/** An instant in local time (UTC+5), to the minute. */
export const formatInstant = (iso: string, language: string): string =>
  formatLocalTime(iso, language, { seconds: false });

/** A view's loading line, or its failure with a retry. */
export function LoadState({
  status,
  loading,
  failed,
  retry,
  onRetry,
}: {
  status: 'loading' | 'error' | 'ready' | 'missing';
  loading: string;
  failed: string;
  retry: string;
  onRetry: () => void;
}) {
  if (status === 'loading')
    return (
      <p className="state" role="status">
        {loading}
      </p>
    );
  if (status !== 'error') return null;
  return (
    <p className="state state-error" role="alert">
      {failed}{' '}
      <button type="button" onClick={onRetry}>
        {retry}
      </button>
    </p>
  );
}

/** The map's, the timeline's and the report's loading line or failure. */
export function ViewLoadState({ state, onRetry }: { state: 'loading' | 'error' | 'ready'; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <LoadState
      status={state}
      loading={t('findingsViews.loading')}
      failed={t('findingsViews.loadFailed')}
      retry={t('findingsViews.retry')}
      onRetry={onRetry}
    />
  );
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

import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** HQ results (/results): parallel tabulation by region and nationally, coverage map. */
export function ResultsPage({ user }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="results-page" data-testid="results-page" data-role={user.role}>
      <h2>{t('results.title')}</h2>
    </section>
  );
}

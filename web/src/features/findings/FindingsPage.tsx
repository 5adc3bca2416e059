import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { FindingsTabs } from './FindingsTabs.tsx';

// Issue 9: filled by the findings work in progress.
export function FindingsPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section data-testid="findings-page">
      <FindingsTabs user={user} current={'list'} navigate={navigate} />
      <h2>{t('findings.title')}</h2>
    </section>
  );
}

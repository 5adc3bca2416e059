import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { FindingsTabs } from './FindingsTabs.tsx';

// Issue 9: filled by the findings work in progress.
export function FindingForm({
  user,
  navigate,
  findingId,
}: {
  user: SessionUser;
  navigate: (path: string) => void;
  findingId: string | null;
}) {
  const { t } = useTranslation();
  return (
    <section data-testid="finding-form">
      <FindingsTabs user={user} current={null} navigate={navigate} />
      <h2>
        {t('findings.title')} {findingId}
      </h2>
    </section>
  );
}

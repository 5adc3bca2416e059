import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { FindingsTabs } from './FindingsTabs.tsx';

// Issue 9: filled by the findings work in progress.
export function FindingsTimelinePage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section data-testid="findings-timeline-page">
      <FindingsTabs user={user} current={'timeline'} navigate={navigate} />
      <h2>{t('findingsViews.timelineTitle')}</h2>
    </section>
  );
}

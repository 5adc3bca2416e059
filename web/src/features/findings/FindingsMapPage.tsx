import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { FindingsTabs } from './FindingsTabs.tsx';

// Issue 9: filled by the findings work in progress.
export function FindingsMapPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section data-testid="findings-map-page">
      <FindingsTabs user={user} current={'map'} navigate={navigate} />
      <h2>{t('findingsViews.mapTitle')}</h2>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** Official results (/official): import the commission's per-station CSV and compare it with our copies. */
export function OfficialPage({ user }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="official-page" data-testid="official-page" data-role={user.role}>
      <h2>{t('official.title')}</h2>
    </section>
  );
}

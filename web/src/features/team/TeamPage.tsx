import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** The mobile group's phone app (issue 7). */
export function TeamPage({ user, offline }: { user: SessionUser; offline: boolean }) {
  const { t } = useTranslation();
  return (
    <section data-testid="team-view" data-user={user.id} data-offline={offline}>
      <h2>{t('team.title')}</h2>
    </section>
  );
}

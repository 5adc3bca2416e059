import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** HQ's dispatch board (issue 7). */
export function DispatchBoardPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section data-testid="dispatch-board" data-user={user.id} onClick={() => navigate('/dispatch')}>
      <h2>{t('dispatch.title')}</h2>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** The protocols list (/protocols): every station's protocol state, filters, CSV. */
export function ProtocolsPage({ user }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="protocols-page" data-testid="protocols-page" data-role={user.role}>
      <h2>{t('protocols.title')}</h2>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** Double entry (/protocols/entry): an operator types a protocol from its photo. */
export function EntryPage({ user }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="entry-page" data-testid="entry-page" data-role={user.role}>
      <h2>{t('nav.entry')}</h2>
    </section>
  );
}

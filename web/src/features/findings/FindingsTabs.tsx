import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';

export type FindingsTab = 'list' | 'map' | 'timeline' | 'report';

const TABS: { tab: FindingsTab; path: string }[] = [
  { tab: 'list', path: '/findings' },
  { tab: 'map', path: '/findings/map' },
  { tab: 'timeline', path: '/findings/timeline' },
  { tab: 'report', path: '/findings/report' },
];

/**
 * The findings section's own navigation: the list, the map layer, the weekly timeline and the
 * periodic report (for those who may make it), and "New finding" for those who log them.
 */
export function FindingsTabs({
  user,
  current,
  navigate,
}: {
  user: SessionUser;
  current: FindingsTab | null;
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  const mayReport = scopeFor(user.role, 'findings.report') !== null;
  const mayWrite = scopeFor(user.role, 'findings.write') !== null;
  return (
    <nav className="findings-tabs" aria-label={t('findings.tabs.label')} data-testid="findings-tabs">
      {TABS.filter((x) => x.tab !== 'report' || mayReport).map((x) => (
        <a
          key={x.tab}
          href={x.path}
          data-testid={`findings-tab-${x.tab}`}
          aria-current={current === x.tab ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate(x.path);
          }}
        >
          {t(`findings.tabs.${x.tab}`)}
        </a>
      ))}
      {mayWrite && (
        <a
          className="findings-new"
          href="/findings/new"
          data-testid="findings-new"
          onClick={(e) => {
            e.preventDefault();
            navigate('/findings/new');
          }}
        >
          {t('findings.tabs.new')}
        </a>
      )}
    </nav>
  );
}

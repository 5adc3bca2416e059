import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../shared/auth.ts';
import { LANGUAGES } from '../../shared/i18n.ts';
import type { Role } from '../../shared/people.ts';
import { scopeFor, type Action } from '../../shared/permissions.ts';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { useSession } from './features/auth/use-session.ts';
import { DispatchBoardPage } from './features/dispatch/DispatchBoardPage.tsx';
import { FieldPage } from './features/field/FieldPage.tsx';
import { ImportPage } from './features/import/ImportPage.tsx';
import { LegalPage } from './features/legal/LegalPage.tsx';
import { MapPage } from './features/map/MapPage.tsx';
import { OfficialPage } from './features/official/OfficialPage.tsx';
import { PeoplePage } from './features/people/PeoplePage.tsx';
import { FindingForm } from './features/findings/FindingForm.tsx';
import { FindingPage } from './features/findings/FindingPage.tsx';
import { FindingsMapPage } from './features/findings/FindingsMapPage.tsx';
import { FindingsPage } from './features/findings/FindingsPage.tsx';
import { FindingsReportPage } from './features/findings/FindingsReportPage.tsx';
import { FindingsTimelinePage } from './features/findings/FindingsTimelinePage.tsx';
import { EntryPage } from './features/protocols/EntryPage.tsx';
import { ProtocolsPage } from './features/protocols/ProtocolsPage.tsx';
import { StationProtocolPage } from './features/protocols/StationProtocolPage.tsx';
import { ResultsPage } from './features/results/ResultsPage.tsx';
import { Placeholder } from './features/shell/Placeholder.tsx';
import { useDispatchAlerts } from './features/shell/use-dispatch-alerts.ts';
import { TeamPage } from './features/team/TeamPage.tsx';
import { ViolationsPage } from './features/violations/ViolationsPage.tsx';
import { currentLanguage } from './lib/i18n.ts';
import { useRoute } from './lib/router.ts';

/** `except`: roles the action allows that have a page of their own for it (the observer's field app). */
type Page = { path: string; label: string; action: Action; except?: Role[] };

const PAGES: Page[] = [
  { path: '/map', label: 'nav.map', action: 'stations.read' },
  { path: '/violations', label: 'nav.violations', action: 'violations.read', except: ['station_observer'] },
  { path: '/dispatch', label: 'nav.dispatch', action: 'dispatch.write' },
  { path: '/team', label: 'nav.team', action: 'team.read' },
  { path: '/results', label: 'nav.results', action: 'results.read' },
  { path: '/protocols', label: 'nav.protocols', action: 'protocols.read', except: ['station_observer'] },
  { path: '/protocols/entry', label: 'nav.entry', action: 'protocols.enter' },
  { path: '/official', label: 'nav.official', action: 'official.read' },
  { path: '/findings', label: 'nav.findings', action: 'findings.read' },
  { path: '/legal', label: 'nav.legal', action: 'complaints.read' },
  { path: '/people', label: 'nav.people', action: 'people.read' },
  { path: '/import', label: 'nav.import', action: 'people.import' },
  { path: '/audit', label: 'nav.audit', action: 'audit.read' },
];

/** Where each role lands after signing in. */
function landing(role: Role): string {
  switch (role) {
    case 'station_observer':
      return '/field';
    case 'mobile_member':
      return '/team';
    case 'long_term_observer':
      return '/findings';
    case 'legal_consultant':
      return '/legal';
    case 'data_entry':
      return '/protocols/entry';
    default:
      return '/map';
  }
}

export function App() {
  const { t } = useTranslation();
  const { state, signedIn, signOut } = useSession();
  const [href, navigate] = useRoute();
  // Pages may carry their filters in the query string (`/violations?station=12`).
  const path = href.split('?')[0]!;
  const user = state.status === 'signed-in' ? state.user : null;
  const dispatchAlerts = useDispatchAlerts(user !== null && scopeFor(user.role, 'dispatch.write') !== null);

  // The longest page path the location is in (`/protocols/entry` is not also `/protocols`).
  const currentPage = PAGES.map((p) => p.path)
    .filter((p) => path === p || path.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];

  useEffect(() => {
    if (user && (path === '/' || path === '/sign-in')) navigate(landing(user.role));
  }, [user, path, navigate]);

  return (
    <div className="app">
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span className="subtitle">{t('app.subtitle')}</span>
        </div>
        {user && (
          <nav aria-label={t('nav.label')}>
            {PAGES.filter((p) => scopeFor(user.role, p.action) && !p.except?.includes(user.role)).map((p) => (
              <a
                key={p.path}
                href={p.path}
                aria-current={p.path === currentPage ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.path);
                }}
              >
                {t(p.label)}
                {p.path === '/dispatch' && dispatchAlerts > 0 && (
                  <span className="nav-badge" data-testid="dispatch-alerts" data-count={dispatchAlerts}>
                    {' '}
                    {t('nav.dispatchAlerts', { count: dispatchAlerts })}
                  </span>
                )}
              </a>
            ))}
          </nav>
        )}
        <LanguageSelect />
        {user && <UserMenu user={user} onSignOut={() => void signOut().then(() => navigate('/'))} />}
      </header>
      <main className="app-main" id="content">
        {state.status === 'loading' && (
          <p className="state" role="status">
            {t('app.loading')}
          </p>
        )}
        {state.status === 'signed-out' && <SignInPage onSignedIn={signedIn} notice={state.reason} />}
        {user && (
          <Route path={path} user={user} offline={state.status === 'signed-in' && state.offline} navigate={navigate} />
        )}
      </main>
    </div>
  );
}

function Route({
  path,
  user,
  offline,
  navigate,
}: {
  path: string;
  user: SessionUser;
  offline: boolean;
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  const may = (action: Action) => scopeFor(user.role, action) !== null;
  if (path === '/map' && may('stations.read')) return <MapPage user={user} navigate={navigate} />;
  // The queue stays mounted while a violation is open beside it, so its filters and place survive.
  const violation = /^\/violations(?:\/([0-9a-f-]{36}))?$/i.exec(path);
  if (violation && may('violations.read') && user.role !== 'station_observer')
    return <ViolationsPage user={user} selectedId={violation[1] ?? null} navigate={navigate} />;
  if (path === '/legal' && may('complaints.read')) return <LegalPage user={user} navigate={navigate} />;
  if (path === '/people' && may('people.read')) return <PeoplePage user={user} />;
  if (path === '/import' && may('people.import')) return <ImportPage user={user} />;
  if (path === '/audit' && may('audit.read')) return <AuditPage />;
  if (path === '/field' && user.role === 'station_observer') return <FieldPage user={user} offline={offline} />;
  if (path === '/field') return <Placeholder view="field" />;
  if (path === '/dispatch' && may('dispatch.write')) return <DispatchBoardPage user={user} navigate={navigate} />;
  if ((path === '/team' || path === '/dispatch') && may('team.read')) return <TeamPage user={user} offline={offline} />;
  if (path === '/results' && may('results.read')) return <ResultsPage user={user} navigate={navigate} />;
  if (path === '/protocols/entry' && may('protocols.enter')) return <EntryPage user={user} navigate={navigate} />;
  const protocol = /^\/protocols(?:\/(\d+))?$/.exec(path);
  if (protocol && may('protocols.read') && user.role !== 'station_observer')
    return protocol[1] ? (
      <StationProtocolPage user={user} stationId={Number(protocol[1])} navigate={navigate} />
    ) : (
      <ProtocolsPage user={user} navigate={navigate} />
    );
  if (path === '/official' && may('official.read')) return <OfficialPage user={user} navigate={navigate} />;
  if (path.startsWith('/findings') && may('findings.read')) {
    if (path === '/findings') return <FindingsPage user={user} navigate={navigate} />;
    if (path === '/findings/map') return <FindingsMapPage user={user} navigate={navigate} />;
    if (path === '/findings/timeline') return <FindingsTimelinePage user={user} navigate={navigate} />;
    if (path === '/findings/report' && may('findings.report'))
      return <FindingsReportPage user={user} navigate={navigate} />;
    if (path === '/findings/new' && may('findings.write'))
      return <FindingForm user={user} navigate={navigate} findingId={null} />;
    const finding = /^\/findings\/([0-9a-f-]{36})(\/edit)?$/i.exec(path);
    if (finding?.[2] && may('findings.write'))
      return <FindingForm user={user} navigate={navigate} findingId={finding[1]!} />;
    if (finding) return <FindingPage user={user} navigate={navigate} findingId={finding[1]!} />;
  }
  if (path === '/' || path === '/sign-in') return null;
  return (
    <p className="state" role="status">
      {t('app.notFound')}
    </p>
  );
}

function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span>{t('language.label')}</span>
      <select
        value={currentLanguage(i18n.language)}
        data-testid="language-select"
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="user" data-testid="user-menu">
      <span>
        {user.name} · {t(`roles.${user.role}`)}
      </span>
      <button type="button" onClick={onSignOut}>
        {t('auth.signOut')}
      </button>
    </div>
  );
}

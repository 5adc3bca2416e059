import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../shared/auth.ts';
import { LANGUAGES } from '../../shared/i18n.ts';
import type { Role } from '../../shared/people.ts';
import { scopeFor, type Action } from '../../shared/permissions.ts';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { useSession } from './features/auth/use-session.ts';
import { FieldPage } from './features/field/FieldPage.tsx';
import { ImportPage } from './features/import/ImportPage.tsx';
import { MapPage } from './features/map/MapPage.tsx';
import { PeoplePage } from './features/people/PeoplePage.tsx';
import { Placeholder } from './features/shell/Placeholder.tsx';
import { currentLanguage } from './lib/i18n.ts';
import { useRoute } from './lib/router.ts';

type Page = { path: string; label: string; action: Action };

const PAGES: Page[] = [
  { path: '/map', label: 'nav.map', action: 'stations.read' },
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
      return '/dispatch';
    case 'long_term_observer':
      return '/findings';
    case 'legal_consultant':
      return '/legal';
    default:
      return '/map';
  }
}

export function App() {
  const { t } = useTranslation();
  const { state, signedIn, signOut } = useSession();
  const [path, navigate] = useRoute();
  const user = state.status === 'signed-in' ? state.user : null;

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
            {PAGES.filter((p) => scopeFor(user.role, p.action)).map((p) => (
              <a
                key={p.path}
                href={p.path}
                aria-current={path === p.path ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.path);
                }}
              >
                {t(p.label)}
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
        {user && <Route path={path} user={user} offline={state.status === 'signed-in' && state.offline} />}
      </main>
    </div>
  );
}

function Route({ path, user, offline }: { path: string; user: SessionUser; offline: boolean }) {
  const { t } = useTranslation();
  const may = (action: Action) => scopeFor(user.role, action) !== null;
  if (path === '/map' && may('stations.read')) return <MapPage user={user} />;
  if (path === '/people' && may('people.read')) return <PeoplePage user={user} />;
  if (path === '/import' && may('people.import')) return <ImportPage user={user} />;
  if (path === '/audit' && may('audit.read')) return <AuditPage />;
  if (path === '/field' && user.role === 'station_observer') return <FieldPage user={user} offline={offline} />;
  if (path === '/field') return <Placeholder view="field" />;
  if (path === '/dispatch') return <Placeholder view="dispatch" />;
  if (path === '/findings') return <Placeholder view="findings" />;
  if (path === '/legal') return <Placeholder view="legal" />;
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

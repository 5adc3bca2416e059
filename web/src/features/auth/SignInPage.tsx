import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginResponse, MIN_PASSWORD_LENGTH } from '../../../../shared/auth.ts';
import { ApiError, sendJson } from '../../lib/api-client.ts';

type Props = { onSignedIn: (response: LoginResponse) => void; notice?: string | undefined };

/** Sign in with a password, or (first time) with the invitation code HQ gave you. */
export function SignInPage({ onSignedIn, notice }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'password' | 'invitation'>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response =
        mode === 'password'
          ? await sendJson('POST', '/api/auth/login', LoginResponse, { login, password })
          : await sendJson('POST', '/api/auth/activate', LoginResponse, { login, code, password });
      onSignedIn(response);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(t('auth.tooMany'));
      else if (e instanceof ApiError && e.status === 401)
        setError(mode === 'password' ? t('auth.wrong') : t('auth.wrongCode'));
      else if (e instanceof ApiError && e.status === 400)
        setError(t('auth.passwordRule', { count: MIN_PASSWORD_LENGTH }));
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" data-testid="sign-in-form">
        <h2 id="sign-in-title">{mode === 'password' ? t('auth.title') : t('auth.firstTitle')}</h2>
        {notice === 'expired' && <p role="status">{t('auth.expired')}</p>}
        <label>
          {t('auth.login')}
          <input
            name="login"
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
            autoFocus
          />
        </label>
        {mode === 'invitation' && (
          <label>
            {t('auth.code')}
            <input
              name="code"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              placeholder="XXXX-XXXX"
              required
            />
          </label>
        )}
        <label>
          {mode === 'password' ? t('auth.password') : t('auth.newPassword', { count: MIN_PASSWORD_LENGTH })}
          <input
            name="password"
            type="password"
            autoComplete={mode === 'password' ? 'current-password' : 'new-password'}
            minLength={mode === 'password' ? 1 : MIN_PASSWORD_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('auth.busy') : mode === 'password' ? t('auth.submit') : t('auth.activate')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(mode === 'password' ? 'invitation' : 'password');
            setError(null);
          }}
        >
          {mode === 'password' ? t('auth.haveCode') : t('auth.havePassword')}
        </button>
      </form>
    </main>
  );
}

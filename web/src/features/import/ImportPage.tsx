import { downloadCsv } from '../../lib/csv.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { ImportResult, PEOPLE_COLUMNS, STATION_COLUMNS } from '../../../../shared/imports.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { ApiError, sendText } from '../../lib/api-client.ts';

type Kind = 'people' | 'stations';

/** Import from a spreadsheet: check first (every problem listed by row and column), then commit. */
export function ImportPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const canStations = scopeFor(user.role, 'stations.import') !== null;
  const [kind, setKind] = useState<Kind>('people');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await sendText(`/api/import/${kind}?dryRun=${dryRun}`, ImportResult, file.text, 'text/csv');
      if (dryRun) setCheck(result);
      else {
        setDone(result);
        setCheck(null);
      }
    } catch (e) {
      const parsed = e instanceof ApiError ? ImportResult.safeParse(e.body) : null;
      if (parsed?.success) setCheck(parsed.data);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function downloadInvitations(result: ImportResult) {
    const lines = [
      ['name', 'login', 'code', 'expires_at'],
      ...result.invitations.map((i) => [i.name, i.login, i.code, i.expiresAt]),
    ];
    downloadCsv('invitations.csv', lines);
  }

  const columns = kind === 'people' ? PEOPLE_COLUMNS : STATION_COLUMNS;
  return (
    <section className="page" aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <div className="filters">
        <label>
          {t('import.kind')}
          <select
            value={kind}
            data-testid="import-kind"
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setCheck(null);
              setDone(null);
            }}
          >
            <option value="people">{t('import.people')}</option>
            {canStations && <option value="stations">{t('import.stations')}</option>}
          </select>
        </label>
        <label>
          {t('import.file')}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="import-file"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setCheck(null);
              setDone(null);
              if (chosen) void chosen.text().then((text) => setFile({ name: chosen.name, text }));
              else setFile(null);
            }}
          />
        </label>
      </div>
      <p className="hint">{t('import.columns', { columns: columns.join(', ') })}</p>
      <div className="actions">
        <button type="button" disabled={!file || busy} onClick={() => void run(true)} data-testid="import-check">
          {t('import.check')}
        </button>
        <button
          type="button"
          disabled={!file || busy || !check || check.problems.length > 0}
          onClick={() => void run(false)}
          data-testid="import-commit"
        >
          {t('import.commit')}
        </button>
        {busy && <span role="status">{t('import.busy')}</span>}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {check && check.problems.length === 0 && (
        <p role="status" data-testid="import-ok">
          {t('import.ok', { rows: check.rows })}
        </p>
      )}
      {check && check.problems.length > 0 && (
        <>
          <p role="alert">{t('import.problems', { count: check.problems.length })}</p>
          <table className="table" data-testid="import-problems">
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {check.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.row}</td>
                  <td>{p.column}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {done && (
        <div role="status" data-testid="import-done">
          <p>{t('import.done', { created: done.created, updated: done.updated, unchanged: done.unchanged })}</p>
          {done.invitations.length > 0 && (
            <button type="button" onClick={() => downloadInvitations(done)}>
              {t('import.invitations', { count: done.invitations.length })}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { ErrorDetail } from '../../../../shared/errors.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { OFFICIAL_CSV_COLUMNS, OfficialImportResult } from '../../../../shared/results.ts';
import { ApiError, sendText } from '../../lib/api-client.ts';
import { downloadCsv } from '../../lib/csv.ts';
import { templateHeader } from './figures.ts';

type Outcome =
  | { status: 'idle' }
  | { status: 'busy'; name: string }
  | { status: 'done'; name: string; result: OfficialImportResult }
  | { status: 'problems'; name: string; problems: Problem[] }
  | { status: 'failed'; name: string; message: string };

interface Problem {
  row: string;
  column: string;
  message: string;
}

/** The server names a problem `row <n>.<column>`; anything else is shown whole in the column cell. */
function toProblem(detail: ErrorDetail): Problem {
  const m = /^row (\d+)(?:\.(.*))?$/.exec(detail.path);
  return m
    ? { row: m[1]!, column: m[2] ?? '', message: detail.message }
    : { row: '', column: detail.path, message: detail.message };
}

/**
 * The commission's CSV: read in the browser, sent whole as text/csv. The server stores all of it
 * or nothing, so a 400 lists every row's problem and the earlier official set stays as it was.
 */
export function ImportPanel({ options, onImported }: { options: BallotOption[]; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const busy = outcome.status === 'busy';

  async function upload(file: File) {
    const name = file.name;
    setOutcome({ status: 'busy', name });
    try {
      const text = await file.text();
      const result = await sendText('/api/official-results', OfficialImportResult, text, 'text/csv');
      setOutcome({ status: 'done', name, result });
      onImported();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation_failed' && e.details.length > 0)
        setOutcome({ status: 'problems', name, problems: e.details.map(toProblem) });
      else setOutcome({ status: 'failed', name, message: e instanceof Error ? e.message : String(e) });
    } finally {
      // The same file, corrected and chosen again, must fire `change` again.
      if (input.current) input.current.value = '';
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) void upload(file);
  }

  const header = templateHeader(options);
  const ordered = [...options].sort((a, b) => a.position - b.position || a.id - b.id);

  return (
    <section className="official-section official-import" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('official.import.title')}</h3>
      <p className="hint">{t('official.import.help')}</p>
      <div
        className={`official-drop${dragging ? ' official-drop-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label>
          <span>{t('official.import.file')}</span>
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            data-testid="official-file"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
        <span className="hint">{t('official.import.drop')}</span>
        <button
          type="button"
          data-testid="official-template"
          onClick={() => downloadCsv('official-results-template.csv', [header])}
        >
          {t('official.import.template')}
        </button>
      </div>
      <details className="official-legend">
        <summary>{t('official.import.legend')}</summary>
        <p>{t('official.import.legendStation')}</p>
        <p>{t('official.import.legendFigures')}</p>
        <ul>
          {OFFICIAL_CSV_COLUMNS.filter((c) => c !== 'station').map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        {ordered.length > 0 && (
          <>
            <p>{t('official.import.legendOptions')}</p>
            <ul data-testid="official-legend-options">
              {ordered.map((o) => (
                <li key={o.id}>
                  <code>option_{o.position}</code> — {o.name[language]}
                </li>
              ))}
            </ul>
          </>
        )}
      </details>

      <div aria-live="polite">
        {outcome.status === 'busy' && (
          <p className="state" role="status" data-testid="official-import-busy">
            {t('official.import.busy', { name: outcome.name })}
          </p>
        )}
        {outcome.status === 'done' && (
          <p
            className="official-ok"
            role="status"
            data-testid="official-import-result"
            data-imported={outcome.result.imported}
            data-replaced={outcome.result.replaced}
          >
            {t('official.import.done', {
              name: outcome.name,
              imported: outcome.result.imported,
              replaced: outcome.result.replaced,
            })}
          </p>
        )}
        {outcome.status === 'failed' && (
          <p className="form-error" role="alert" data-testid="official-import-failed">
            {t('official.import.failed', { message: outcome.message })}
          </p>
        )}
      </div>
      {outcome.status === 'problems' && (
        <>
          <p className="form-error" role="alert" data-testid="official-nothing-imported">
            {t('official.import.nothingImported', { count: outcome.problems.length, name: outcome.name })}
          </p>
          <div className="official-scroll">
            <table className="table" data-testid="official-problems">
              <thead>
                <tr>
                  <th scope="col">{t('official.import.row')}</th>
                  <th scope="col">{t('official.import.column')}</th>
                  <th scope="col">{t('official.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.problems.map((p, i) => (
                  <tr key={i} data-testid="official-problem" data-row={p.row} data-column={p.column}>
                    <td>{p.row}</td>
                    <td>
                      <code>{p.column}</code>
                    </td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

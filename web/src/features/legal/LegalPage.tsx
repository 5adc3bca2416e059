import { PrintLinks } from '../../lib/print-links.tsx';
import { formatArticle } from '../../../../shared/violations.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { SessionUser } from '../../../../shared/auth.ts';
import {
  ANSWERED_STATUSES,
  AWAITING_ANSWER,
  COMPLAINT_MOVES,
  COMPLAINT_STATUSES,
  type Complaint,
  type ComplaintStatus,
  type ComplaintUpdate,
} from '../../../../shared/complaints.ts';
import { FindingCategoryList } from '../../../../shared/findings.ts';
import { LOCAL_TIME_ZONE, localDate } from '../../../../shared/geo.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { formatLocalTime, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useLegalData } from './use-legal-data.ts';
import { useNow } from '../../lib/use-now.ts';

type T = (key: string, options?: Record<string, unknown>) => string;

/** An API error as a person reads it: the message, and which field is wrong. */
function errorText(e: unknown): string {
  if (e instanceof ApiError && e.details.length)
    return `${e.message}: ${e.details.map((d) => (d.path ? `${d.path} — ${d.message}` : d.message)).join('; ')}`;
  return e instanceof Error ? e.message : String(e);
}

const running = (c: Complaint) => c.deadline !== null && AWAITING_ANSWER.includes(c.status);

/** "2 d 03:14:05": days, then the clock. */
function span(ms: number, t: T): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const clock = [Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return d > 0 ? t('violations.legal.days', { count: d, clock }) : clock;
}

const localDay = (date: string, language: string) =>
  new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));

/**
 * The legal desk: every complaint with its legal deadline counting down (soonest first, the overdue
 * on top in red), the violations handed over without a complaint yet, and the complaints' answers.
 */
export function LegalPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [all, setAll] = useState(false);
  const { state, reload } = useLegalData(all);
  const now = useNow(1000);
  const canWrite = scopeFor(user.role, 'complaints.write') !== null;
  const canReadViolations = scopeFor(user.role, 'violations.read') !== null;
  const canReadFindings = scopeFor(user.role, 'findings.read') !== null;
  const findingTitles = useFindingCategoryTitles(
    canReadFindings && state.status === 'ready' && state.data.complaints.some((c) => c.findingId !== null),
  );
  /** A complaint opens its subject: the violation, or the referred finding's page. */
  const subjectLink = (c: Complaint) => {
    const path =
      c.findingId !== null
        ? canReadFindings
          ? `/findings/${c.findingId}`
          : null
        : c.violationId !== null && canReadViolations
          ? `/violations/${c.violationId}`
          : null;
    return path ? () => navigate(path) : undefined;
  };

  const sorted = useMemo(() => {
    if (state.status !== 'ready') return [];
    // Running deadlines by time left; then drafts; then the decided ones (the server's order is kept within).
    const rank = (c: Complaint) => (running(c) ? 0 : c.status === 'draft' ? 1 : 2);
    return [...state.data.complaints].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (running(a) && running(b) ? Date.parse(a.deadline!.dueAt) - Date.parse(b.deadline!.dueAt) : 0),
    );
  }, [state]);

  const counts = useMemo(() => {
    const c = { running: 0, overdue: 0, today: 0, drafts: 0 };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE }).format(now);
    for (const x of sorted) {
      if (x.status === 'draft') c.drafts++;
      if (!running(x)) continue;
      c.running++;
      if (Date.parse(x.deadline!.dueAt) <= now) c.overdue++;
      else if (x.deadline!.dueDate === today) c.today++;
    }
    return c;
  }, [sorted, now]);

  const number = new Intl.NumberFormat(intlLocale(language));
  return (
    <section className="page legal-page" aria-labelledby="legal-title" data-testid="legal-view">
      <div className="page-head">
        <h2 id="legal-title">{t('violations.legal.title')}</h2>
        <label className="toggle">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="deadlines-all" />
          {t('violations.legal.showAll')}
        </label>
      </div>
      <p className="hint">{t('violations.legal.deadlineRule')}</p>
      {state.status === 'loading' && (
        <p className="state" role="status">
          {t('app.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div className="state state-error" role="alert">
          <p>{t('violations.legal.error', { message: state.message })}</p>
          <button type="button" onClick={reload}>
            {t('map.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <dl className="counters legal-counters">
            <div>
              <dt>{t('violations.legal.count.running')}</dt>
              <dd data-testid="count-running">{number.format(counts.running)}</dd>
            </div>
            <div className={counts.overdue > 0 ? 'danger' : undefined}>
              <dt>{t('violations.legal.count.overdue')}</dt>
              <dd data-testid="count-overdue">{number.format(counts.overdue)}</dd>
            </div>
            <div>
              <dt>{t('violations.legal.count.today')}</dt>
              <dd>{number.format(counts.today)}</dd>
            </div>
            <div>
              <dt>{t('violations.legal.count.drafts')}</dt>
              <dd>{number.format(counts.drafts)}</dd>
            </div>
            <div>
              <dt>{t('violations.legal.count.untaken')}</dt>
              <dd data-testid="count-untaken">{number.format(state.data.untaken.length)}</dd>
            </div>
          </dl>

          <h3 id="deadlines-title">{t('violations.legal.deadlines')}</h3>
          {sorted.length === 0 ? (
            <p className="muted empty" data-testid="deadlines-empty">
              {t('violations.legal.noComplaints')}
            </p>
          ) : (
            <ol className="deadlines" data-testid="deadlines-list" aria-labelledby="deadlines-title">
              {sorted.map((c) => (
                <DeadlineRow
                  key={c.id}
                  c={c}
                  now={now}
                  language={language}
                  title={
                    (c.findingId ? findingTitles : state.data.categoryTitle).get(c.categoryCode)?.[language] ??
                    c.categoryCode
                  }
                  canWrite={canWrite}
                  onOpen={subjectLink(c)}
                  onSaved={reload}
                />
              ))}
            </ol>
          )}

          <h3 id="untaken-title">{t('violations.legal.untaken')}</h3>
          {state.data.untaken.length === 0 ? (
            <p className="muted empty" data-testid="untaken-empty">
              {t('violations.legal.noUntaken')}
            </p>
          ) : (
            <ul className="untaken" data-testid="untaken-list" aria-labelledby="untaken-title">
              {state.data.untaken.map((v) => (
                <li key={v.id} data-id={v.id} className={`untaken-item sev-edge-${v.severity}`}>
                  <span className={`sev sev-${v.severity}`}>{t(`violations.severity.${v.severity}`)}</span>
                  <strong>{t('map.station', { number: v.station.number })}</strong>
                  <span>
                    {v.category.title[language]}{' '}
                    <span className="muted">· {formatArticle(v.category.article, language)}</span>
                  </span>
                  <time dateTime={v.observedAt}>{formatLocalTime(v.observedAt, language)}</time>
                  <button type="button" className="primary" onClick={() => navigate(`/violations/${v.id}`)}>
                    {canWrite ? t('violations.legal.takeUp') : t('violations.legal.openViolation')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** The titles of the campaign findings' categories, fetched once a finding's complaint is listed. */
function useFindingCategoryTitles(wanted: boolean): Map<string, { kk: string; ru: string; en: string }> {
  const [titles, setTitles] = useState(new Map<string, { kk: string; ru: string; en: string }>());
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    getJson('/api/finding-categories', FindingCategoryList).then(
      (list) => current && setTitles(new Map(list.items.map((c) => [c.code, c.title]))),
      // Without them the row shows the category's code: nothing else depends on them.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return titles;
}

function DeadlineRow({
  c,
  now,
  language,
  title,
  canWrite,
  onOpen,
  onSaved,
}: {
  c: Complaint;
  now: number;
  language: 'kk' | 'ru' | 'en';
  title: string;
  canWrite: boolean;
  onOpen: (() => void) | undefined;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const left = c.deadline ? Date.parse(c.deadline.dueAt) - now : null;
  const isRunning = running(c);
  const overdue = isRunning && left !== null && left <= 0;
  // A finding's complaint names the finding (and its station only when it has one).
  const station = c.stationNumber !== null ? t('map.station', { number: c.stationNumber }) : null;
  const subject =
    c.findingId !== null
      ? [t('violations.legal.finding'), station].filter(Boolean).join(' · ')
      : (station ?? t('violations.legal.openViolation'));

  return (
    <li
      className={`deadline-row${overdue ? ' overdue' : ''}${isRunning ? ' running' : ''}`}
      data-testid="deadline-row"
      data-id={c.id}
      data-status={c.status}
      data-overdue={overdue ? 'true' : 'false'}
    >
      <span className="countdown" role="timer" aria-live="off">
        {isRunning && left !== null ? (
          overdue ? (
            <strong className="danger">{t('violations.legal.overdue', { time: span(left, t) })}</strong>
          ) : (
            t('violations.legal.left', { time: span(left, t) })
          )
        ) : c.status === 'draft' ? (
          <span className="muted">{t('violations.legal.notFiled')}</span>
        ) : (
          <span className="muted">{t('violations.legal.noClock')}</span>
        )}
      </span>
      <span className="deadline-rule">
        {c.deadline ? (
          <>
            {t(`violations.legal.rule.${c.deadline.rule}`)}
            <br />
            <span className="muted">{t('violations.legal.due', { date: localDay(c.deadline.dueDate, language) })}</span>
          </>
        ) : (
          '—'
        )}
      </span>
      <span className={`cstatus cstatus-${c.status}`}>{t(`violations.legal.status.${c.status}`)}</span>
      <span className="deadline-who">
        <strong>{t(`violations.legal.addresseeKind.${c.addresseeKind}`)}</strong>: {c.addressee}
        {c.filedOn && (
          <span className="muted"> · {t('violations.legal.filedOn', { date: localDay(c.filedOn, language) })}</span>
        )}
      </span>
      <span className="deadline-what" data-subject={c.findingId !== null ? 'finding' : 'violation'}>
        {onOpen ? (
          <button type="button" className="link" onClick={onOpen}>
            {subject}
          </button>
        ) : (
          subject
        )}{' '}
        <span className="muted">{title}</span>
      </span>
      <span className="actions">
        <PrintLinks
          label={t('violations.legal.printLabel')}
          href={(lang) => `/api/complaints/${c.id}/print.html?lang=${lang}`}
          testId={(lang) => `print-complaint-${lang}`}
        />
        {canWrite && (
          <button
            type="button"
            aria-expanded={editing}
            onClick={() => setEditing((e) => !e)}
            data-testid="deadline-edit"
          >
            {t('violations.legal.edit')}
          </button>
        )}
      </span>
      {c.answer && !editing && (
        <p className="deadline-answer">
          <strong>
            {t('violations.legal.answer')}
            {c.answeredOn && ` (${localDay(c.answeredOn, language)})`}:
          </strong>{' '}
          {c.answer}
        </p>
      )}
      {editing && (
        <ComplaintEditor
          c={c}
          onDone={() => {
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </li>
  );
}

/** Status, filing date, the answer and its date: what the lawyer learns as the case moves. */
function ComplaintEditor({ c, onDone }: { c: Complaint; onDone: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ComplaintStatus>(c.status);
  const [filedOn, setFiledOn] = useState(c.filedOn ?? '');
  const [answer, setAnswer] = useState(c.answer ?? '');
  const [answeredOn, setAnsweredOn] = useState(c.answeredOn ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const body: ComplaintUpdate = {
      status,
      filedOn: filedOn || null,
      answer: answer.trim() || null,
      answeredOn: answeredOn || null,
    };
    setBusy(true);
    setError(null);
    try {
      await sendJson('PATCH', `/api/complaints/${c.id}`, z.unknown(), body);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const needsFiling = status !== 'draft' && !filedOn;
  const needsAnswer = ANSWERED_STATUSES.includes(status);
  const today = localDate(new Date());
  // The server allows only these moves; offering others would only end in an error.
  const choices = COMPLAINT_STATUSES.filter((s) => s === c.status || COMPLAINT_MOVES[c.status].includes(s));

  return (
    <form
      className="card complaint-editor"
      data-testid="complaint-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t('violations.legal.statusLabel')}
        <select
          value={status}
          onChange={(e) => setStatus(COMPLAINT_STATUSES.find((s) => s === e.target.value) ?? c.status)}
          data-testid="complaint-edit-status"
        >
          {choices.map((s) => (
            <option key={s} value={s}>
              {t(`violations.legal.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('violations.legal.filedOnLabel')}
        <input
          type="date"
          value={filedOn}
          max={today}
          required={status !== 'draft'}
          onChange={(e) => setFiledOn(e.target.value)}
          data-testid="complaint-edit-filed-on"
        />
      </label>
      <label className="full">
        {t('violations.legal.answer')}
        <textarea
          rows={3}
          maxLength={8000}
          required={needsAnswer}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          data-testid="complaint-edit-answer"
        />
      </label>
      <label>
        {t('violations.legal.answeredOnLabel')}
        <input
          type="date"
          max={today}
          min={filedOn || undefined}
          required={needsAnswer}
          value={answeredOn}
          onChange={(e) => setAnsweredOn(e.target.value)}
          data-testid="complaint-edit-answered-on"
        />
      </label>
      {needsFiling && <p className="hint full">{t('violations.legal.needsFiling')}</p>}
      <span className="actions">
        <button type="submit" className="primary" disabled={busy || needsFiling} data-testid="complaint-edit-save">
          {busy ? t('violations.legal.saving') : t('violations.legal.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('violations.legal.cancel')}
        </button>
      </span>
      {error && (
        <p className="form-error full" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

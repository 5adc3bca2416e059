import { PrintLinks } from '../../lib/print-links.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { SessionUser } from '../../../../shared/auth.ts';
import type { Complaint } from '../../../../shared/complaints.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import {
  CLOSING_REASONS,
  HQ_TRANSITIONS,
  type ClosingReason,
  type EvidenceSummary,
  type ViolationDetail,
  type ViolationTransition,
  formatArticle,
} from '../../../../shared/violations.ts';
import { sendJson } from '../../lib/api-client.ts';
import { formatLocalDate, formatLocalTime, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { ComplaintForm } from './ComplaintForm.tsx';
import { useViolation } from './use-violation.ts';
import { ActBadge, contentUrl, errorText, EvidenceThumb, SeverityBadge, uploadPercent } from './violation-bits.tsx';

type T = (key: string, options?: Record<string, unknown>) => string;

/** One violation: what happened, the act, the evidence, the complaints, and every step so far. */
export function ViolationPanel({
  id,
  user,
  regionName,
  onClose,
  navigate,
}: {
  id: string;
  user: SessionUser;
  regionName: (code: string) => string;
  onClose: () => void;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const canReadComplaints = scopeFor(user.role, 'complaints.read') !== null;
  const { state, reload } = useViolation(id, canReadComplaints);

  return (
    <aside className="vq-panel" data-testid="violation-detail" data-id={id} aria-labelledby="vd-title">
      <header className="drawer-head">
        <h2 id="vd-title">
          {state.status === 'ready'
            ? t('map.station', { number: state.violation.station.number })
            : t('violations.detail.title')}
        </h2>
        <button type="button" onClick={onClose} aria-label={t('violations.detail.close')}>
          ×
        </button>
      </header>
      {state.status === 'loading' && (
        <p className="state" role="status">
          {t('app.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <p className="state state-error" role="alert">
          {state.code === 'not_found' ? t('violations.detail.notFound') : state.message}
        </p>
      )}
      {state.status === 'ready' && (
        <Detail
          v={state.violation}
          complaints={state.complaints}
          user={user}
          language={language}
          regionName={regionName}
          onChanged={reload}
          navigate={navigate}
        />
      )}
    </aside>
  );
}

function Detail({
  v,
  complaints,
  user,
  language,
  regionName,
  onChanged,
  navigate,
}: {
  v: ViolationDetail;
  complaints: Complaint[] | null;
  user: SessionUser;
  language: 'kk' | 'ru' | 'en';
  regionName: (code: string) => string;
  onChanged: () => void;
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  const canManage = scopeFor(user.role, 'violations.manage') !== null;
  const canWriteComplaints = scopeFor(user.role, 'complaints.write') !== null;
  const evidence = v.evidence.filter((e) => e.purpose === 'evidence');
  const actPhotos = v.evidence.filter((e) => e.purpose === 'act_photo');
  const yesNo = (b: boolean | null) =>
    b === null ? t('violations.detail.unknown') : b ? t('violations.detail.yes') : t('violations.detail.no');

  return (
    <div className="vd-body">
      <p className="vd-head">
        <SeverityBadge severity={v.severity} />{' '}
        <strong className={`vq-status vstatus-${v.status}`} data-testid="violation-status" data-status={v.status}>
          {t(`violations.status.${v.status}`)}
        </strong>
        {v.status === 'closed' && v.closedReason && (
          <span className="muted"> · {t(`violations.closing.${v.closedReason}`)}</span>
        )}
      </p>
      {v.status === 'closed' && v.closedNote && <p className="muted">{v.closedNote}</p>}
      <h3 className="vd-category">
        {v.category.title[language]} <span className="muted">· {formatArticle(v.category.article, language)}</span>
      </h3>
      {v.otherText && <p>{v.otherText}</p>}
      <dl className="vd-facts">
        <div>
          <dt>{t('violations.detail.where')}</dt>
          <dd>
            {regionName(v.station.region)} · {v.station.address}
          </dd>
        </div>
        <div>
          <dt>{t('violations.detail.observedAt')}</dt>
          <dd>
            <time dateTime={v.observedAt}>{formatLocalTime(v.observedAt, language)}</time> (UTC+5)
          </dd>
        </div>
        <div>
          <dt>{t('violations.detail.phase')}</dt>
          <dd>{t(`violations.phase.${v.category.phase}`)}</dd>
        </div>
        <div>
          <dt>{t('violations.detail.reporter')}</dt>
          <dd>{v.reporter.name}</dd>
        </div>
        {v.involved.length > 0 && (
          <div>
            <dt>{t('violations.detail.involved')}</dt>
            <dd>{v.involved.map((p) => t(`violations.involved.${p}`)).join(', ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('violations.detail.chairNotified')}</dt>
          <dd>
            {yesNo(v.chairNotified)}
            {v.chairAnswer && <> — «{v.chairAnswer}»</>}
          </dd>
        </div>
        {v.correctedNote && (
          <div>
            <dt>{t('violations.status.corrected')}</dt>
            <dd>{v.correctedNote}</dd>
          </div>
        )}
      </dl>
      <p className="vd-description">{v.description}</p>

      {scopeFor(user.role, 'dispatch.write') !== null && v.status !== 'closed' && (
        <p>
          <a
            className="button"
            href={`/dispatch?violation=${v.id}`}
            data-testid="violation-send-group"
            onClick={(e) => {
              e.preventDefault();
              navigate(`/dispatch?violation=${v.id}`);
            }}
          >
            {t('dispatch.sendLink')}
          </a>
        </p>
      )}
      {canManage && <Actions v={v} onChanged={onChanged} />}

      <section aria-labelledby="vd-act">
        <h3 id="vd-act">
          {t('violations.act.title')} <ActBadge violation={v} />
        </h3>
        {v.act ? (
          <>
            <p className="vd-act-text">{v.act.text}</p>
            <dl className="vd-facts">
              <div>
                <dt>{t('violations.act.copies')}</dt>
                <dd>
                  {v.act.copies.length
                    ? v.act.copies.map((c) => t(`violations.act.copy.${c}`)).join(', ')
                    : t('violations.act.noCopies')}
                  {v.act.copies.length < 3 && (
                    <span className="tag">{t('violations.act.copiesOf', { count: v.act.copies.length })}</span>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('violations.act.chair')}</dt>
                <dd className={v.act.chairSignature === 'refused' ? 'danger' : undefined}>
                  {t(`violations.act.signature.${v.act.chairSignature}`)}
                </dd>
              </div>
              <div>
                <dt>{t('violations.act.secretary')}</dt>
                <dd className={v.act.secretarySignature === 'refused' ? 'danger' : undefined}>
                  {t(`violations.act.signature.${v.act.secretarySignature}`)}
                </dd>
              </div>
              {v.act.refusalNote && (
                <div>
                  <dt>{t('violations.act.refusalNote')}</dt>
                  <dd>{v.act.refusalNote}</dd>
                </div>
              )}
              <div>
                <dt>{t('violations.act.coSigners')}</dt>
                <dd>
                  {v.act.coSigners.length === 0
                    ? t('violations.act.noCoSigners')
                    : v.act.coSigners.map((s) => `${s.name} (${t(`violations.act.role.${s.role}`)})`).join('; ')}
                </dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="muted">{t('violations.act.none')}</p>
        )}
        <p className="actions">
          <PrintLinks
            label={t('violations.act.print')}
            href={(lang) => `/api/violations/${v.id}/act.html?lang=${lang}`}
            testId={(lang) => `print-act-${lang}`}
          />
        </p>
        {actPhotos.length > 0 && <Gallery items={actPhotos} title={t('violations.act.photo')} />}
      </section>

      <section aria-labelledby="vd-evidence">
        <h3 id="vd-evidence">
          {t('violations.evidence.title')} <span className="pill">{evidence.length}</span>
        </h3>
        {evidence.length === 0 ? (
          <p className="muted">{t('violations.evidence.none')}</p>
        ) : (
          <Gallery items={evidence} />
        )}
      </section>

      {complaints !== null && (
        <section aria-labelledby="vd-complaints">
          <h3 id="vd-complaints">
            {t('violations.complaints.title')} <span className="pill">{complaints.length}</span>
          </h3>
          {complaints.length === 0 ? (
            <p className="muted">{t('violations.complaints.none')}</p>
          ) : (
            <ul className="vd-complaints" data-testid="violation-complaints">
              {complaints.map((c) => (
                <ComplaintItem key={c.id} c={c} language={language} navigate={navigate} />
              ))}
            </ul>
          )}
          {canWriteComplaints && <ComplaintForm violation={v} language={language} onCreated={onChanged} />}
        </section>
      )}

      <section aria-labelledby="vd-history">
        <h3 id="vd-history">{t('violations.history.title')}</h3>
        <ol className="timeline" data-testid="violation-history">
          {v.history.map((h) => (
            <li key={h.id} data-kind={h.kind}>
              <time dateTime={h.at}>{formatLocalTime(h.at, language)}</time>{' '}
              <strong>{t(`violations.history.kind.${h.kind}`, { defaultValue: h.kind })}</strong>
              {h.by && <span className="muted"> · {h.by.name}</span>} {historyNote(h.kind, h.body, t)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

const Body = z
  .object({
    note: z.string().optional(),
    reason: z.string().optional(),
    chairAnswer: z.string().optional(),
    told: z.boolean().optional(),
    description: z.string().optional(),
  })
  .partial();

/** A line of what a step said (its body is whatever the step carried). */
function historyNote(kind: string, body: unknown, t: T): string {
  const parsed = Body.safeParse(body);
  if (!parsed.success) return '';
  const b = parsed.data;
  switch (kind) {
    case 'closed':
      return [b.reason ? t(`violations.closing.${b.reason}`, { defaultValue: b.reason }) : '', b.note ?? '']
        .filter(Boolean)
        .join(' — ');
    case 'chair_notified':
      return [b.told === false ? t('violations.history.notTold') : '', b.chairAnswer ?? ''].filter(Boolean).join(' — ');
    case 'noticed':
    case 'detail':
      return b.description ?? '';
    default:
      return b.note ?? '';
  }
}

function Gallery({ items, title }: { items: EvidenceSummary[]; title?: string }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(intlLocale(i18n.language), { maximumFractionDigits: 1 });
  const size = (bytes: number) =>
    bytes >= 1_048_576 ? `${number.format(bytes / 1_048_576)} MB` : `${number.format(bytes / 1024)} KB`;
  return (
    <ul className="gallery" aria-label={title} data-testid="evidence-gallery">
      {items.map((e) => {
        const complete = e.state === 'complete';
        return (
          <li key={e.id} className="gallery-item" data-state={e.state}>
            {complete ? (
              <a href={contentUrl(e)} target="_blank" rel="noopener" title={t('violations.evidence.open')}>
                <EvidenceThumb evidence={e} size={112} />
              </a>
            ) : (
              <EvidenceThumb evidence={e} size={112} />
            )}
            <span className="gallery-meta">
              <span>
                {t(`violations.evidence.kind.${e.kind}`)} · {size(e.size)}
              </span>
              {complete ? (
                <span className="ok">{t('violations.evidence.complete')}</span>
              ) : (
                <span className="uploading">
                  {t('violations.evidence.uploading', { percent: uploadPercent(e) })}
                  <progress max={e.size} value={e.receivedBytes} />
                </span>
              )}
              {e.sha256 && (
                <code title={`SHA-256 ${e.sha256}`} className="hash">
                  SHA-256 {e.sha256.slice(0, 12)}…
                </code>
              )}
              {e.capturedAt && (
                <span className="muted">
                  {t('violations.evidence.captured', { time: formatLocalTime(e.capturedAt, i18n.language) })}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function ComplaintItem({
  c,
  language,
  navigate,
}: {
  c: Complaint;
  language: 'kk' | 'ru' | 'en';
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <li data-complaint={c.id}>
      <strong>{t(`violations.legal.addresseeKind.${c.addresseeKind}`)}</strong>: {c.addressee} ·{' '}
      <span className={`cstatus cstatus-${c.status}`}>{t(`violations.legal.status.${c.status}`)}</span>
      {c.filedOn && <> · {t('violations.legal.filedOn', { date: formatLocalDate(c.filedOn, language) })}</>}
      {c.deadline && (
        <>
          {' '}
          · {t(`violations.legal.rule.${c.deadline.rule}`)},{' '}
          {t('violations.legal.due', { date: formatLocalDate(c.deadline.dueDate, language) })}
        </>
      )}
      <span className="actions">
        <PrintLinks
          label={t('violations.legal.printLabel')}
          href={(lang) => `/api/complaints/${c.id}/print.html?lang=${lang}`}
        />
        <button type="button" className="link" onClick={() => navigate('/legal')}>
          {t('violations.legal.toDeadlines')}
        </button>
      </span>
    </li>
  );
}

/** HQ's moves: hand to the legal team, close with a reason, reopen. */
function Actions({ v, onChanged }: { v: ViolationDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ClosingReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const move = async (body: ViolationTransition) => {
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', `/api/violations/${v.id}/transition`, z.unknown(), body);
      setReason('');
      setNote('');
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const trimmed = note.trim() || undefined;
  const mayLegal = HQ_TRANSITIONS.with_legal.includes(v.status);
  const mayClose = HQ_TRANSITIONS.closed.includes(v.status);
  const mayReopen = HQ_TRANSITIONS.reopen.includes(v.status);

  return (
    <form className="card vd-actions" onSubmit={(e) => e.preventDefault()} aria-label={t('violations.actions.label')}>
      {mayLegal && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="violation-to-legal"
          onClick={() => void move({ to: 'with_legal', note: trimmed })}
        >
          {t('violations.actions.toLegal')}
        </button>
      )}
      {mayClose && (
        <label>
          {t('violations.actions.reason')}
          <select
            value={reason}
            onChange={(e) => setReason(CLOSING_REASONS.find((r) => r === e.target.value) ?? '')}
            data-testid="violation-close-reason"
          >
            <option value="">{t('violations.actions.chooseReason')}</option>
            {CLOSING_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`violations.closing.${r}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {(mayClose || mayReopen || mayLegal) && (
        <label className="vd-note">
          {t('violations.actions.note')}
          <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} data-testid="violation-note" />
        </label>
      )}
      {mayClose && (
        <button
          type="button"
          disabled={busy || reason === ''}
          title={reason === '' ? t('violations.actions.chooseReason') : undefined}
          data-testid="violation-close"
          onClick={() => reason !== '' && void move({ to: 'closed', reason, note: trimmed })}
        >
          {t('violations.actions.close')}
        </button>
      )}
      {mayReopen && (
        <button
          type="button"
          disabled={busy}
          data-testid="violation-reopen"
          onClick={() => void move({ to: 'reopen', note: trimmed })}
        >
          {t('violations.actions.reopen')}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

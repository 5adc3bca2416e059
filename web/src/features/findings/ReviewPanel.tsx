import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ADDRESSEE_KINDS, type AddresseeKind } from '../../../../shared/complaints.ts';
import {
  FindingList,
  FindingMerge,
  FindingRefer,
  FindingReview,
  REVIEW_DECISIONS,
  reviewedStatus,
  type Finding,
  type FindingSummary,
  type ReviewDecision,
} from '../../../../shared/findings.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { formatLocalDate } from '../../lib/format.ts';
import { uuid } from '../../lib/uuid.ts';

type Outcome = { kind: 'done' } | { kind: 'conflict' } | { kind: 'failed'; message: string } | null;

/**
 * A coordinator's actions on a finding, each shown only when `may` allows it and the status does:
 * verify, reject (with why), reopen, close; merge a duplicate into it; refer it to the legal team.
 * Someone else's change in between answers 409: the page reloads and says so.
 */
export function ReviewPanel({
  finding,
  userId,
  language,
  reload,
}: {
  finding: Finding;
  /** The signed-in reviewer: their own findings are never offered as duplicates (the server refuses). */
  userId: number;
  language: string;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const decisions = finding.may.review
    ? REVIEW_DECISIONS.filter((d) => reviewedStatus(finding.status, d, finding.complaints.length > 0) !== null)
    : [];

  const send = async (path: string, body: unknown) => {
    setBusy(true);
    setOutcome(null);
    try {
      await sendJson('POST', `/api/findings/${finding.id}/${path}`, z.unknown(), body);
      setComment('');
      setOutcome({ kind: 'done' });
      reload();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setOutcome({ kind: 'conflict' });
        reload();
      } else setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : '' });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const decide = (decision: ReviewDecision) => {
    const parsed = FindingReview.safeParse({ changeId: uuid(), version: finding.version, decision, comment });
    if (!parsed.success) {
      setOutcome({ kind: 'failed', message: t('findings.review.rejectNeedsComment') });
      document.getElementById('fr-comment')?.focus();
      return;
    }
    void send('review', parsed.data);
  };

  if (decisions.length === 0 && !finding.may.merge && !finding.may.refer) return null;
  return (
    <section className="fl-card fl-review" aria-labelledby="fr-title" data-testid="finding-review">
      <h3 id="fr-title">{t('findings.review.title')}</h3>
      <label className="fl-field" htmlFor="fr-comment">
        {t('findings.review.comment')}
      </label>
      <textarea
        id="fr-comment"
        rows={3}
        maxLength={2000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-testid="finding-review-comment"
      />
      {decisions.length > 0 && (
        <div className="fl-actions">
          {decisions.map((d) => (
            <button
              key={d}
              type="button"
              className={d === 'verify' ? 'primary' : undefined}
              disabled={busy}
              onClick={() => decide(d)}
              data-testid={`finding-${d}`}
            >
              {t(`findings.review.${d}`)}
            </button>
          ))}
        </div>
      )}
      {finding.may.merge && (
        <MergeForm
          finding={finding}
          userId={userId}
          language={language}
          busy={busy}
          onMerge={(body) => send('merge', body)}
          comment={comment}
        />
      )}
      {finding.may.refer && (
        <ReferForm finding={finding} busy={busy} comment={comment} onRefer={(body) => send('refer', body)} />
      )}
      <p
        className={outcome?.kind === 'done' ? 'fl-notice' : 'fl-error'}
        role="status"
        data-testid="finding-review-outcome"
      >
        {outcome?.kind === 'done' && t('findings.review.done')}
        {outcome?.kind === 'conflict' && t('findings.review.conflict')}
        {outcome?.kind === 'failed' && t('findings.review.failed', { message: outcome.message })}
      </p>
    </section>
  );
}

/**
 * Whether a finding of the list may be merged into another: not the reviewer's own (403), not one
 * referred to the legal team (409). A closed one may have been referred (its complaints are not in
 * the list), so it is left out too.
 */
const mergeable = (f: FindingSummary, target: { id: string }, userId: number) =>
  f.id !== target.id && f.author.id !== userId && f.status !== 'referred' && f.status !== 'closed';

function MergeForm({
  finding,
  userId,
  language,
  busy,
  comment,
  onMerge,
}: {
  finding: Finding;
  userId: number;
  language: string;
  busy: boolean;
  comment: string;
  onMerge: (body: FindingMerge) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [candidates, setCandidates] = useState<FindingSummary[]>([]);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    let current = true;
    getJson(`/api/findings?region=${encodeURIComponent(finding.region)}&pageSize=200`, FindingList).then(
      (list) => current && setCandidates(list.items.filter((f) => mergeable(f, { id: finding.id }, userId))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [finding.id, finding.region, finding.version, userId]);

  return (
    <form
      className="fl-subform"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = FindingMerge.safeParse({
          changeId: uuid(),
          version: finding.version,
          duplicateId: chosen,
          comment,
        });
        if (parsed.success) void onMerge(parsed.data).then((ok) => ok && setChosen(''));
      }}
    >
      <h4>{t('findings.merge.title')}</h4>
      {candidates.length === 0 ? (
        <p className="fl-hint">{t('findings.merge.none')}</p>
      ) : (
        <div className="fl-row">
          <label className="fl-field">
            {t('findings.merge.choose')}
            <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="finding-merge-id">
              <option value="" />
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {formatLocalDate(c.occurredOn, language)} · {c.title} · {c.author.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || chosen === ''} data-testid="finding-merge">
            {t('findings.merge.button')}
          </button>
        </div>
      )}
    </form>
  );
}

function ReferForm({
  finding,
  busy,
  comment,
  onRefer,
}: {
  finding: Finding;
  busy: boolean;
  comment: string;
  onRefer: (body: FindingRefer) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AddresseeKind>('higher_commission');
  const [addressee, setAddressee] = useState('');
  const [text, setText] = useState('');
  // One complaint id per referral, so a resend after a lost answer creates one complaint.
  const [complaintId, setComplaintId] = useState(uuid);
  const [changeId, setChangeId] = useState(uuid);
  const parsed = FindingRefer.safeParse({
    changeId,
    version: finding.version,
    complaint: { id: complaintId, addresseeKind: kind, addressee, text },
    comment,
  });
  return (
    <form
      className="fl-subform"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.success)
          void onRefer(parsed.data).then((ok) => {
            if (!ok) return;
            setComplaintId(uuid());
            setChangeId(uuid());
            setAddressee('');
            setText('');
          });
      }}
    >
      <h4>{t('findings.refer.title')}</h4>
      <div className="fl-row">
        <label className="fl-field">
          {t('findings.refer.kind')}
          <select
            value={kind}
            onChange={(e) => {
              const next = ADDRESSEE_KINDS.find((k) => k === e.target.value);
              if (next) setKind(next);
            }}
            data-testid="finding-refer-kind"
          >
            {ADDRESSEE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`findings.refer.addresseeKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="fl-field">
          {t('findings.refer.addressee')}
          <input
            value={addressee}
            maxLength={300}
            onChange={(e) => setAddressee(e.target.value)}
            data-testid="finding-refer-addressee"
          />
        </label>
      </div>
      <label className="fl-field">
        {t('findings.refer.text')}
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="finding-refer-text" />
      </label>
      <button type="submit" disabled={busy || !parsed.success} data-testid="finding-refer">
        {t('findings.refer.button')}
      </button>
    </form>
  );
}

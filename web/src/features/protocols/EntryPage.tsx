import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import {
  checkProtocol,
  EntryNext,
  MAX_PROTOCOL_PHOTOS,
  ProtocolStatus,
  type EntryTask,
} from '../../../../shared/protocols.ts';
import { emptyDraft, figuresFromDraft, missingFigures } from '../../components/protocol/draft.ts';
import { ProtocolChecks } from '../../components/protocol/ProtocolChecks.tsx';
import { ProtocolForm } from '../../components/protocol/ProtocolForm.tsx';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useNow } from '../../lib/use-now.ts';
import { uuid } from '../../lib/uuid.ts';
import { PhotoGallery } from './PhotoGallery.tsx';
import './protocols.css';

type Load =
  | { status: 'loading'; next: EntryNext | null }
  | { status: 'ready'; next: EntryNext }
  | { status: 'error'; next: EntryNext | null; message: string };

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Double entry (/protocols/entry): the operator is given the next station's photo and types the
 * protocol from it into an empty form. The observer's figures are never sent here: two people
 * reading the same paper independently is what makes a mismatch mean something.
 */
export function EntryPage({ user }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ status: 'loading', next: null });
  const [notice, setNotice] = useState<Notice>(null);

  const request = useCallback((skip?: number) => {
    getJson(`/api/protocols/entry/next${skip ? `?skip=${skip}` : ''}`, EntryNext).then(
      (next) => setLoad({ status: 'ready', next }),
      (error: unknown) =>
        setLoad((l) => ({
          status: 'error',
          next: l.next,
          message: error instanceof Error ? error.message : String(error),
        })),
    );
  }, []);
  useEffect(() => request(), [request]);
  const fetchNext = (skip?: number) => {
    setLoad((l) => ({ status: 'loading', next: l.next }));
    request(skip);
  };

  const next = load.next;
  const task = next?.task ?? null;
  return (
    <section className="page entry-page" data-testid="entry-page" data-role={user.role} aria-labelledby="entry-title">
      <div className="page-head">
        <h2 id="entry-title">{t('protocols.entry.title')}</h2>
        {next && (
          <span className="pill pr-waiting" data-testid="entry-waiting" data-count={next.waiting}>
            {t('protocols.entry.waiting', { count: next.waiting })}
          </span>
        )}
      </div>
      <p className="hint">{t('protocols.entry.intro')}</p>
      {notice && (
        <p
          className={notice.kind === 'ok' ? 'pr-notice' : 'pr-notice form-error'}
          role={notice.kind === 'ok' ? 'status' : 'alert'}
          data-testid="entry-notice"
        >
          {notice.text}
        </p>
      )}
      {load.status === 'loading' && !next && (
        <p className="state" role="status">
          {t('app.loading')}
        </p>
      )}
      {load.status === 'error' && (
        <div className="state state-error" role="alert">
          <p>{t('protocols.entry.loadFailed', { message: load.message })}</p>
          <button type="button" onClick={() => fetchNext()}>
            {t('protocols.entry.retry')}
          </button>
        </div>
      )}
      {next && !task && (
        <div className="state empty" role="status" data-testid="entry-empty">
          <p>{t('protocols.entry.empty')}</p>
          <button type="button" onClick={() => fetchNext()} disabled={load.status === 'loading'}>
            {t('protocols.entry.refresh')}
          </button>
        </div>
      )}
      {task && (
        // Keyed by station: a new task starts with an empty form and a new entry id.
        <EntryForm
          key={task.station.id}
          task={task}
          busy={load.status === 'loading'}
          onDone={(text, kind) => {
            setNotice(text ? { kind, text } : null);
            if (kind === 'ok') fetchNext();
          }}
          onSkip={() => {
            setNotice(null);
            fetchNext(task.station.id);
          }}
        />
      )}
    </section>
  );
}

function EntryForm({
  task,
  busy,
  onDone,
  onSkip,
}: {
  task: EntryTask;
  busy: boolean;
  onDone: (text: string, kind: 'ok' | 'error') => void;
  onSkip: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const { station, ballot, photos } = task;
  const [draft, setDraft] = useState(() => emptyDraft(ballot));
  // One id per entry, kept until the server answers: a resend after a lost answer is harmless.
  const [entryId] = useState(uuid);
  const [saving, setSaving] = useState(false);
  const now = useNow(15_000);
  const missing = missingFigures(draft, ballot);
  const figures = figuresFromDraft(
    draft,
    ballot,
    photos.slice(0, MAX_PROTOCOL_PHOTOS).map((p) => p.id),
  );
  const checks = figures ? checkProtocol(figures, { options: ballot.options }) : null;
  const expired = Date.parse(task.claimedUntil) <= now;
  const until = formatLocalTime(task.claimedUntil, language);

  const submit = async () => {
    if (!figures || saving) return;
    setSaving(true);
    try {
      await sendJson('POST', `/api/protocols/${station.id}/operator-entry`, ProtocolStatus, { id: entryId, figures });
      onDone(t('protocols.entry.saved', { number: station.number }), 'ok');
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        onDone(t('protocols.entry.already', { number: station.number }), 'ok');
      } else {
        const message = error instanceof Error ? error.message : String(error);
        onDone(t('protocols.entry.failed', { message }), 'error');
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="pr-entry" data-testid="entry-station" data-station={station.id}>
      <div className="pr-entry-head">
        <h3>{t('protocols.entry.station', { number: station.number })}</h3>
        <span className="muted">{station.address}</span>
        <span className={expired ? 'tag danger' : 'muted'} data-testid="entry-claim" data-until={task.claimedUntil}>
          {expired ? t('protocols.entry.claimExpired', { time: until }) : t('protocols.entry.claim', { time: until })}
        </span>
      </div>
      <div className="pr-side-by-side">
        <div className="pr-entry-photo">
          {photos.length === 0 ? (
            <p className="muted">{t('protocols.entry.noPhoto')}</p>
          ) : (
            <PhotoGallery photos={photos} large testId="entry-photos" />
          )}
        </div>
        <form
          className="pr-entry-form"
          aria-label={t('protocols.entry.station', { number: station.number })}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <ProtocolForm ballot={ballot} draft={draft} onChange={setDraft} disabled={saving} idPrefix="entry" />
          <h4>{t('protocols.entry.checks')}</h4>
          <p className="hint" role="status" data-testid="entry-missing" data-count={missing}>
            {missing > 0 ? t('protocols.entry.missing', { count: missing }) : t('protocols.entry.complete')}
          </p>
          {checks && <ProtocolChecks checks={checks} testId="entry-checks" />}
          <div className="actions pr-entry-actions">
            <button type="submit" disabled={!figures || saving || busy} data-testid="entry-submit">
              {saving ? t('protocols.entry.saving') : t('protocols.entry.submit')}
            </button>
            <button type="button" onClick={onSkip} disabled={saving || busy} data-testid="entry-skip">
              {t('protocols.entry.skip')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

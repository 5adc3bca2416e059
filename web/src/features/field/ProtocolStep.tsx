import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkProtocol, MAX_PROTOCOL_PHOTOS, type ProtocolBallot } from '../../../../shared/protocols.ts';
import type { ProtocolReport, ReportBody } from '../../../../shared/reports.ts';
import type { StationDetail } from '../../../../shared/stations.ts';
import { draftFromFigures, emptyDraft, figuresFromDraft, missingFigures } from '../../components/protocol/draft.ts';
import { ProtocolChecks } from '../../components/protocol/ProtocolChecks.tsx';
import { ProtocolForm } from '../../components/protocol/ProtocolForm.tsx';
import { formatLocalTime } from '../../lib/format.ts';
import type { ProtocolPhotoItem } from './evidence-queue.ts';
import type { OutboxItem } from './outbox.ts';
import { useProtocolPhotos, type ProtocolPhotosApi } from './protocol-photos.ts';
import { useStationProtocol, useStoredDraft, type StoredDraft } from './use-protocol.ts';
import { useTally } from './use-tally.ts';
import './protocol-step.css';

interface Outbox {
  items: OutboxItem[];
  record: (body: ReportBody) => Promise<void>;
}

/** The protocol as last recorded on this phone (the latest one is the observer's copy). */
function lastProtocol(items: readonly OutboxItem[]): { item: OutboxItem; report: ProtocolReport } | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.envelope.body.kind === 'protocol') return { item, report: item.envelope.body };
  }
  return null;
}

/** The observer's own count: the live tally, or else the last turnout report that carried one. */
function ownCount(items: readonly OutboxItem[], tally: number): number | null {
  if (tally > 0) return tally;
  for (let i = items.length - 1; i >= 0; i--) {
    const body = items[i]!.envelope.body;
    if (body.kind === 'turnout' && body.ownCount !== null) return body.ownCount;
  }
  return null;
}

/**
 * The observer's results protocol: the figures as on the copy, with the checks live while they
 * are typed, photos of the copy, and a send that goes through the outbox (stored once, sent when
 * the connection allows). Failed checks never stop it: the paper is the evidence.
 */
export function ProtocolStep({
  station,
  outbox,
  reachable,
}: {
  station: StationDetail;
  outbox: Outbox;
  /** The station has closed (or the count began): before that there is no protocol to copy. */
  reachable: boolean;
}) {
  const { t } = useTranslation();
  const { ballot, server, status, reload } = useStationProtocol(station.id);
  const [stored, update] = useStoredDraft(station.id);
  const photos = useProtocolPhotos(station.id);
  const tally = useTally(station.id);
  const last = lastProtocol(outbox.items);
  const lastState = last?.item.state;

  // What the server holds changes once the protocol is acknowledged: look again then.
  useEffect(() => {
    if (lastState === 'sent') reload();
  }, [lastState, reload]);

  let body;
  if (!ballot) {
    body = (
      <p className="state" role="status">
        {status === 'loading' ? t('fieldProtocol.loading') : t('fieldProtocol.noBallot')}
      </p>
    );
  } else if (stored) {
    body = (
      <DraftForm
        ballot={ballot}
        stored={stored}
        update={(change) => update(change)}
        photos={photos}
        onSend={async (report) => {
          await outbox.record(report);
          update(null);
        }}
      />
    );
  } else if (last || !reachable) {
    body = !last && <p className="muted">{t('fieldProtocol.notYet')}</p>;
  } else {
    body = (
      <DraftForm
        ballot={ballot}
        stored={freshDraft(ballot, ownCount(outbox.items, tally.count))}
        update={(change) => update(change, freshDraft(ballot, ownCount(outbox.items, tally.count)))}
        photos={photos}
        onSend={async (report) => {
          await outbox.record(report);
          update(null);
        }}
      />
    );
  }

  return (
    <section className="protocol-step" data-testid="protocol-step" aria-label={t('fieldProtocol.title')}>
      {last && (
        <SentStatus
          item={last.item}
          photos={photos}
          photoIds={last.report.figures.photoEvidenceIds}
          onCorrect={
            stored || !ballot
              ? null
              : () =>
                  update(
                    () => ({
                      draft: draftFromFigures(last.report.figures),
                      photoIds: last.report.figures.photoEvidenceIds,
                      ownTally: last.report.ownTally === null ? '' : String(last.report.ownTally),
                      note: '',
                    }),
                    freshDraft(ballot, null),
                  )
          }
        />
      )}
      {body}
      {(last || server?.observer) && <ServerView server={server} status={status} />}
    </section>
  );
}

const freshDraft = (ballot: ProtocolBallot, own: number | null): StoredDraft => ({
  draft: emptyDraft(ballot),
  photoIds: [],
  ownTally: own === null ? '' : String(own),
  note: '',
});

function DraftForm({
  ballot,
  stored,
  update,
  photos,
  onSend,
}: {
  ballot: ProtocolBallot;
  stored: StoredDraft;
  update: (change: (current: StoredDraft) => StoredDraft) => void;
  photos: ProtocolPhotosApi;
  onSend: (report: ReportBody) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ownTally = stored.ownTally === '' ? null : Number(stored.ownTally);
  const missing = missingFigures(stored.draft, ballot);
  const figures = figuresFromDraft(stored.draft, ballot, stored.photoIds);
  const checks = figures ? checkProtocol(figures, { options: ballot.options, ownTurnoutTally: ownTally }) : [];
  const failed = checks.filter((c) => !c.ok).length;

  const change = (patch: Partial<StoredDraft>) => {
    setConfirming(false);
    setError(null);
    update((current) => ({ ...current, ...patch }));
  };

  async function send() {
    if (!figures) return;
    setBusy(true);
    try {
      const note = stored.note.trim();
      await onSend({ kind: 'protocol', figures, ownTally, ...(note ? { note } : {}) });
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!figures) {
      setError(missing > 0 ? t('fieldProtocol.incomplete', { count: missing }) : t('fieldProtocol.outOfRange'));
      return;
    }
    if (failed > 0) {
      setConfirming(true);
      return;
    }
    void send();
  }

  return (
    <form className="protocol-draft" onSubmit={submit} noValidate data-testid="protocol-form">
      <p>{t('fieldProtocol.intro')}</p>
      <ProtocolForm
        ballot={ballot}
        draft={stored.draft}
        onChange={(draft) => change({ draft })}
        disabled={busy}
        idPrefix={`protocol${id.replace(/[^a-zA-Z0-9]/g, '')}`}
      />
      <div className="pf-field">
        <label htmlFor={`${id}-own`}>{t('fieldProtocol.ownTally')}</label>
        <input
          id={`${id}-own`}
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={5}
          autoComplete="off"
          aria-describedby={`${id}-own-hint`}
          value={stored.ownTally}
          data-testid="protocol-own-tally"
          onChange={(e) => {
            if (/^\d{0,5}$/.test(e.target.value)) change({ ownTally: e.target.value });
          }}
        />
        <span id={`${id}-own-hint`} className="muted">
          {t('fieldProtocol.ownTallyHint')}
        </span>
      </div>

      <PhotoPicker
        photos={photos}
        ids={stored.photoIds}
        onAdd={(added) =>
          update((current) => ({
            ...current,
            photoIds: [...current.photoIds, ...added].slice(0, MAX_PROTOCOL_PHOTOS),
          }))
        }
        onRemove={(photoId) =>
          update((current) => ({ ...current, photoIds: current.photoIds.filter((p) => p !== photoId) }))
        }
      />

      <label className="field-input">
        <span>{t('fieldProtocol.note')}</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={stored.note}
          onChange={(e) => change({ note: e.target.value })}
          data-testid="protocol-note"
        />
      </label>

      <div className="protocol-live" aria-live="polite">
        <h4>{t('protocolForm.checks.title')}</h4>
        {missing > 0 ? (
          <p className="muted" data-testid="protocol-missing">
            {t('fieldProtocol.missing', { count: missing })}
          </p>
        ) : (
          <ProtocolChecks checks={checks} />
        )}
      </div>

      {error && (
        <p className="form-error" role="alert" data-testid="protocol-error">
          {error}
        </p>
      )}
      {confirming ? (
        <div className="protocol-confirm" role="alert">
          <strong>{t('fieldProtocol.confirm.title')}</strong>
          <p>{t('fieldProtocol.confirm.text')}</p>
          <div className="protocol-confirm-actions">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void send()}
              data-testid="protocol-confirm"
            >
              {t('fieldProtocol.confirm.send')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} data-testid="protocol-back">
              {t('fieldProtocol.confirm.back')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="primary" disabled={busy} data-testid="protocol-submit">
          {t('fieldProtocol.submit')}
        </button>
      )}
    </form>
  );
}

function PhotoPicker({
  photos,
  ids,
  onAdd,
  onRemove,
}: {
  photos: ProtocolPhotosApi;
  ids: string[];
  onAdd: (ids: string[]) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string[]>([]);
  const full = ids.length >= MAX_PROTOCOL_PHOTOS;

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const list = [...(event.target.files ?? [])].slice(0, MAX_PROTOCOL_PHOTOS - ids.length);
    event.target.value = '';
    if (list.length === 0) return;
    const result = await photos.add(list);
    setFailed(result.failed);
    if (result.added.length > 0) onAdd(result.added);
  }

  return (
    <fieldset className="pf-group protocol-photos">
      <legend>{t('fieldProtocol.photos.title')}</legend>
      <label className={`file-button${full ? ' disabled' : ''}`}>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          disabled={full}
          className="visually-hidden"
          onChange={(e) => void pick(e)}
          data-testid="protocol-photo-input"
        />
        <span aria-hidden="true">📷</span> {t('fieldProtocol.photos.take')}
      </label>
      {full && <p className="muted">{t('fieldProtocol.photos.max', { count: MAX_PROTOCOL_PHOTOS })}</p>}
      {failed.length > 0 && (
        <p className="form-error" role="alert">
          {t('fieldProtocol.photos.storage', { files: failed.join(', ') })}
        </p>
      )}
      <PhotoList photos={photos} ids={ids} onRemove={onRemove} />
    </fieldset>
  );
}

/** Thumbnails of the photos with where each stands, and how many still wait for a connection. */
function PhotoList({
  photos,
  ids,
  onRemove,
}: {
  photos: ProtocolPhotosApi;
  ids: readonly string[];
  onRemove?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const byId = new Map(photos.photos.map((p) => [p.id, p]));
  const items = ids.map((id) => byId.get(id)).filter((p): p is ProtocolPhotoItem => p !== undefined);
  return (
    <>
      {ids.length === 0 ? (
        <p className="muted">{t('fieldProtocol.photos.none')}</p>
      ) : (
        <ul className="protocol-thumbs" data-testid="protocol-photos">
          {items.map((p) => {
            const state = p.state === 'waiting' && photos.uploading === p.id ? 'uploading' : p.state;
            return (
              <li key={p.id} className={`protocol-thumb protocol-thumb-${state}`} data-state={state}>
                {p.thumbnail ? (
                  <img src={`data:image/jpeg;base64,${p.thumbnail}`} alt={p.fileName} />
                ) : (
                  <span className="protocol-thumb-empty" aria-hidden="true">
                    📷
                  </span>
                )}
                <span className="small-text">{t(`fieldProtocol.photos.state.${state}`)}</span>
                {onRemove && p.state === 'waiting' && !p.declared && state !== 'uploading' && (
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      void photos.remove(p.id).then((removed) => {
                        if (removed) onRemove(p.id);
                      })
                    }
                  >
                    {t('fieldProtocol.photos.remove')}
                    <span className="visually-hidden"> {p.fileName}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted" role="status" data-testid="protocol-photos-waiting" data-count={photos.waiting}>
        {photos.waiting > 0
          ? t('fieldProtocol.photos.waiting', { count: photos.waiting })
          : photos.photos.length > 0
            ? t('fieldProtocol.photos.allSent')
            : ''}
      </p>
    </>
  );
}

function SentStatus({
  item,
  photos,
  photoIds,
  onCorrect,
}: {
  item: OutboxItem;
  photos: ProtocolPhotosApi;
  photoIds: string[];
  onCorrect: (() => void) | null;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`protocol-sent protocol-sent-${item.state}`} data-testid="protocol-sent" data-state={item.state}>
      <p role="status">
        <strong>{t(`fieldProtocol.sent.${item.state}`)}</strong>{' '}
        <span className="muted">{formatLocalTime(item.envelope.deviceTime, i18n.language)}</span>
      </p>
      {item.error && <p className="form-error">{item.error}</p>}
      {photoIds.length > 0 && <PhotoList photos={photos} ids={photoIds} />}
      {onCorrect && (
        <button type="button" onClick={onCorrect} data-testid="protocol-correct">
          {t('fieldProtocol.correct')}
        </button>
      )}
    </div>
  );
}

function ServerView({
  server,
  status,
}: {
  server: ReturnType<typeof useStationProtocol>['server'];
  status: ReturnType<typeof useStationProtocol>['status'];
}) {
  const { t } = useTranslation();
  if (!server) {
    return status === 'loading' ? null : <p className="muted">{t('fieldProtocol.server.offline')}</p>;
  }
  return (
    <div className="protocol-server" data-testid="protocol-server" data-state={server.state}>
      <h4>{t('fieldProtocol.server.title')}</h4>
      {server.observer ? (
        <>
          <p>
            <strong>{t(`fieldProtocol.server.state.${server.state}`)}</strong>
          </p>
          <p>
            {server.verified
              ? t('fieldProtocol.server.verified', { version: server.verified.version })
              : t('fieldProtocol.server.notVerified')}
          </p>
          <h5>{t('fieldProtocol.server.checks')}</h5>
          <ProtocolChecks checks={server.observer.checks} testId="protocol-server-checks" />
        </>
      ) : (
        <p className="muted">{t('fieldProtocol.server.none')}</p>
      )}
    </div>
  );
}

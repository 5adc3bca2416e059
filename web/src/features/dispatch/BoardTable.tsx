import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isActiveDispatch, type Dispatch, type GroupBoardItem } from '../../../../shared/dispatch.ts';
import { clock, isStale, roughAge, secondsSince } from './dispatch-format.ts';
import { useNow } from '../../lib/use-now.ts';

export type Confirming = { dispatchId: string; mode: 'cancel' | 'reassign' };

/**
 * Every group HQ may see: who, where, for how long in its status, how fresh its position is, and
 * the dispatch it is on, with the flags that need a person (not acknowledged, stuck) in capitals.
 */
export function BoardTable({
  items,
  regionName,
  focusedId,
  onFocus,
  canRespond,
  confirming,
  onConfirming,
  onCancel,
}: {
  items: GroupBoardItem[];
  regionName: (code: string) => string;
  focusedId: number | null;
  onFocus: (groupId: number) => void;
  /** May cancel and reassign dispatches. */
  canRespond: boolean;
  confirming: Confirming | null;
  onConfirming: (value: Confirming | null) => void;
  /** Cancels the dispatch; resolves when saved, rejects with the reason. */
  onCancel: (dispatch: Dispatch, note: string, mode: Confirming['mode']) => Promise<void>;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const tableRef = useRef<HTMLTableElement>(null);
  // A group chosen on the map comes into view in the table.
  useEffect(() => {
    if (focusedId === null) return;
    tableRef.current
      ?.querySelector(`tr[data-group-id="${focusedId}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [focusedId]);

  return (
    <div className="table-scroll">
      <table ref={tableRef} className="table board-table" aria-label={t('dispatch.board.label')}>
        <thead>
          <tr>
            <th scope="col">
              {t('dispatch.board.col.group')} <span className="sub">{t('dispatch.board.col.region')}</span>
            </th>
            <th scope="col">{t('dispatch.board.col.members')}</th>
            <th scope="col">
              {t('dispatch.board.col.status')} <span className="sub">{t('dispatch.board.col.vehicle')}</span>
            </th>
            <th scope="col">{t('dispatch.board.col.inState')}</th>
            <th scope="col">{t('dispatch.board.col.position')}</th>
            <th scope="col">{t('dispatch.board.col.current')}</th>
            <th scope="col">{t('dispatch.board.col.queued')}</th>
            {canRespond && <th scope="col">{t('dispatch.board.col.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((row) => {
            const d = row.current;
            const stale = isStale(row, now);
            const open = d !== null && isActiveDispatch(d.status);
            const confirmingHere = confirming !== null && d !== null && confirming.dispatchId === d.id;
            return (
              <Fragment key={row.group.id}>
                <tr
                  data-testid="board-row"
                  data-group-id={row.group.id}
                  data-status={row.status}
                  data-dispatch-status={d?.status ?? ''}
                  data-ack-overdue={d?.ackOverdue ? 'true' : undefined}
                  data-stuck={d?.stuck ? 'true' : undefined}
                  className={[
                    focusedId === row.group.id ? 'focused' : '',
                    d?.ackOverdue ? 'row-overdue' : '',
                    d?.stuck ? 'row-stuck' : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  onClick={() => onFocus(row.group.id)}
                >
                  <td>
                    <button
                      type="button"
                      className="link group-name"
                      title={t('dispatch.board.showOnMap', { group: row.group.name })}
                      onClick={(e) => {
                        e.stopPropagation();
                        onFocus(row.group.id);
                      }}
                    >
                      {row.group.name}
                    </button>
                    <span className="sub">{regionName(row.group.region)}</span>
                  </td>
                  <td className="members">{row.group.members.map((m) => m.name).join(', ')}</td>
                  <td>
                    <span className={`gs gs-${row.status}`} data-testid="group-status">
                      {t(`dispatch.groupStatus.${row.status}`)}
                    </span>
                    <span className="sub">{t(row.vehicle ? 'dispatch.vehicle.yes' : 'dispatch.vehicle.no')}</span>
                  </td>
                  <td className="num">
                    <time dateTime={row.statusSince} data-testid="in-state">
                      {clock(secondsSince(row.statusSince, now))}
                    </time>
                  </td>
                  <td data-testid="position-age" data-stale={stale ? 'true' : 'false'}>
                    {row.lastPosition === null ? (
                      <span className="muted">{t('dispatch.noPosition')}</span>
                    ) : (
                      <span className={stale ? 'pos-stale' : undefined}>
                        {t('dispatch.ago', { time: roughAge(secondsSince(row.lastPosition.at, now), t) })}
                        {stale && <strong> · {t('dispatch.stale')}</strong>}
                      </span>
                    )}
                  </td>
                  <td data-testid="current-dispatch">
                    {d === null ? (
                      <span className="muted">{t('dispatch.board.noDispatch')}</span>
                    ) : (
                      <CurrentDispatch d={d} now={now} />
                    )}
                  </td>
                  <td className="num">{row.queued > 0 ? row.queued : ''}</td>
                  {canRespond && (
                    <td className="row-actions">
                      {d !== null && open && (
                        <>
                          <button
                            type="button"
                            className="small"
                            data-testid="cancel-dispatch"
                            onClick={(e) => {
                              e.stopPropagation();
                              onConfirming({ dispatchId: d.id, mode: 'cancel' });
                            }}
                          >
                            {t('dispatch.actions.cancel')}
                          </button>
                          <button
                            type="button"
                            className="small"
                            data-testid="reassign-dispatch"
                            onClick={(e) => {
                              e.stopPropagation();
                              onConfirming({ dispatchId: d.id, mode: 'reassign' });
                            }}
                          >
                            {t('dispatch.actions.reassign')}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
                {confirmingHere && d !== null && (
                  <tr className="confirm-row">
                    <td colSpan={canRespond ? 8 : 7}>
                      <CancelForm
                        d={d}
                        mode={confirming.mode}
                        onKeep={() => onConfirming(null)}
                        onConfirm={(note) => onCancel(d, note, confirming.mode)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CurrentDispatch({ d, now }: { d: Dispatch; now: number }) {
  const { t } = useTranslation();
  return (
    <span className="current">
      <strong>{t('dispatch.station', { number: d.station.number })}</strong>{' '}
      <span className={`prio prio-${d.priority}`}>{t(`dispatch.priority.${d.priority}`)}</span>{' '}
      <span className={`ds ds-${d.status}`} data-testid="dispatch-status">
        {t(`dispatch.status.${d.status}`)}
      </span>{' '}
      <span className="muted">
        {t('dispatch.board.sent', { time: roughAge(secondsSince(d.activatedAt ?? d.createdAt, now), t) })}
      </span>
      {d.ackOverdue && (
        <span className="flag flag-overdue" data-testid="flag-ack-overdue">
          {t('dispatch.board.ackOverdue')}
        </span>
      )}
      {d.stuck && (
        <span className="flag flag-stuck" data-testid="flag-stuck">
          {t('dispatch.board.stuck')}
        </span>
      )}
    </span>
  );
}

/** Cancelling asks why (the team sees it) and can be taken back before it is sent. */
function CancelForm({
  d,
  mode,
  onKeep,
  onConfirm,
}: {
  d: Dispatch;
  mode: Confirming['mode'];
  onKeep: () => void;
  onConfirm: (note: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState(() => (mode === 'reassign' ? t('dispatch.actions.reassignNote') : ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = t(mode === 'reassign' ? 'dispatch.actions.reassignTitle' : 'dispatch.actions.cancelTitle', {
    group: d.group.name,
    number: d.station.number,
  });
  return (
    <form
      className="cancel-form"
      data-testid="cancel-form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        onConfirm(note).then(
          () => setBusy(false),
          (err: unknown) => {
            setBusy(false);
            setError(err instanceof Error ? err.message : String(err));
          },
        );
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onKeep();
      }}
    >
      <strong>{title}</strong>
      <label>
        <span>{t('dispatch.actions.note')}</span>
        <input
          type="text"
          value={note}
          maxLength={2000}
          autoFocus
          onChange={(e) => setNote(e.target.value)}
          data-testid="cancel-note"
        />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="cancel-confirm">
        {busy
          ? t('dispatch.actions.busy')
          : t(mode === 'reassign' ? 'dispatch.actions.confirmReassign' : 'dispatch.actions.confirmCancel')}
      </button>
      <button type="button" onClick={onKeep} disabled={busy}>
        {t('dispatch.actions.keep')}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {t('dispatch.actions.failed', { message: error })}
        </span>
      )}
    </form>
  );
}

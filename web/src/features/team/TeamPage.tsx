import { useCallback, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import {
  GroupBoardItem,
  type DispatchTransition,
  type DutyChange,
  type TeamDispatch,
  type TeamView,
} from '../../../../shared/dispatch.ts';
import { ApiError, sendJson } from '../../lib/api-client.ts';
import { CurrentDispatch, DispatchBody, DispatchHead } from './DispatchCard.tsx';
import { StationList } from './StationList.tsx';
import { geoUri, localTime } from './team-format.ts';
import { usePosition, type GeoState } from './use-position.ts';
import { useRinger } from './use-ringer.ts';
import { shownStatus, useSteps, type DroppedStep } from './use-steps.ts';
import { useTeam } from './use-team.ts';
import './team.css';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}
const isOnline = () => navigator.onLine;

/** The mobile group's phone (issue 7): the dispatch in hand, its steps, duty and position, the stations. */
export function TeamPage({ user, offline }: { user: SessionUser; offline: boolean }) {
  const { t } = useTranslation();
  const team = useTeam(user.id);
  const steps = useSteps(user.id, team.applyAnswer);
  const view = team.view;
  const onDuty = view !== null && view.group.status !== 'off_duty';
  const position = usePosition(onDuty);
  // A session restored from the phone's cache (`offline`) counts as offline until the server answers.
  const online = useSyncExternalStore(subscribeOnline, isOnline) && !(offline && team.status !== 'ready');

  const current = view?.dispatches.find((d) => !d.queued) ?? null;
  const queued = view?.dispatches.filter((d) => d.queued) ?? [];
  const status = current ? shownStatus(current, steps.items) : null;
  // Rings until someone in the group acknowledges (this phone, even offline, or the other member).
  const ringing = current !== null && status === 'pending';
  const { soundOff } = useRinger(ringing);

  const { press } = steps;
  const { shareNow } = position;
  const step = useCallback(
    (dispatch: TeamDispatch, body: Omit<DispatchTransition, 'at'>) => {
      void press(dispatch.id, body).then(shareNow);
    },
    [press, shareNow],
  );

  if (!view) {
    return (
      <section className="team" data-testid="team-view" data-state={team.status}>
        <h2>{t('team.title')}</h2>
        <p className="state" role="status">
          {team.status === 'loading'
            ? t('app.loading')
            : team.status === 'none'
              ? t('team.notInGroup')
              : t('team.offlineNoData')}
        </p>
      </section>
    );
  }

  return (
    <section className="team" data-testid="team-view" data-state={team.status} aria-labelledby="team-title">
      {ringing && current && (
        <div className="team-alert" role="alert" data-testid="dispatch-alert" data-dispatch-id={current.id}>
          <p className="team-alert-title">{t('team.alert.title')}</p>
          <p className="team-alert-where">
            {t('team.dispatch.station', { number: current.station.number })} · {t(`team.priority.${current.priority}`)}
          </p>
          <p className="team-alert-address">{current.station.address}</p>
          <button
            type="button"
            className="team-ack"
            data-testid="ack-button"
            onClick={() => step(current, { to: 'acknowledged' })}
          >
            {t('team.alert.ack')}
          </button>
          {soundOff && <p className="team-alert-hint">{t('team.alert.soundHint')}</p>}
        </div>
      )}

      <header className="team-head">
        <h2 id="team-title">{view.group.group.name}</h2>
        <span className={`team-pill group-${view.group.status}`} data-testid="group-status">
          {t(`dispatch.groupStatus.${view.group.status}`)}
        </span>
        <p className="muted">{t('team.members', { names: view.group.group.members.map((m) => m.name).join(', ') })}</p>
        {team.status === 'offline' && team.savedAt && (
          <p className="team-stale" role="status">
            {t('team.savedAt', { time: localTime(team.savedAt) })}
          </p>
        )}
      </header>

      <Outbox
        waiting={steps.waiting}
        sending={steps.sending}
        online={online}
        dropped={steps.dropped}
        onRetry={() => void steps.flush()}
        onDismiss={steps.dismiss}
      />

      {current && status ? (
        <CurrentDispatch
          key={current.id}
          dispatch={current}
          status={status}
          waiting={steps.items.filter((i) => i.dispatchId === current.id)}
          onStep={(body) => step(current, body)}
        />
      ) : (
        <>
          <Cancelled view={view} />
          <p className="team-empty" data-testid="no-dispatch">
            {view.group.status === 'off_duty' ? t('team.dispatch.offDuty') : t('team.dispatch.empty')}
          </p>
        </>
      )}

      <Duty
        group={view.group}
        geo={position.geo}
        sharedAt={position.sharedAt}
        onChanged={(group) => {
          team.setGroup(group);
          shareNow();
        }}
      />

      {queued.length > 0 && (
        <section className="team-next" aria-labelledby="team-next-title">
          <h3 id="team-next-title">{t('team.dispatch.next')}</h3>
          {queued.map((d) => (
            <article key={d.id} className="team-card team-queued" data-testid="queued-dispatch" data-dispatch-id={d.id}>
              <DispatchHead dispatch={d} />
              <a className="team-map-link" href={geoUri(d.station)}>
                {t('team.dispatch.map')}
              </a>
              <DispatchBody dispatch={d} />
            </article>
          ))}
        </section>
      )}

      <StationList stations={view.stations} />
    </section>
  );
}

/** HQ called the team off: said once, until the group's status moves on or the member dismisses it. */
function Cancelled({ view }: { view: TeamView }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const last = view.recent[0];
  if (!last || last.status !== 'cancelled' || dismissed === last.id) return null;
  // The group became free by this very cancellation (and nothing happened to it since).
  if (view.group.status !== 'available' || last.closedAt !== view.group.statusSince) return null;
  const note = last.transitions.at(-1)?.note;
  return (
    <div className="team-dropped" role="alert" data-testid="dispatch-cancelled">
      <span>
        {t('team.dispatch.cancelled', { number: last.station.number })}
        {note && <q>{note}</q>}
      </span>
      <button type="button" onClick={() => setDismissed(last.id)}>
        {t('team.outbox.dismiss')}
      </button>
    </div>
  );
}

function Outbox({
  waiting,
  sending,
  online,
  dropped,
  onRetry,
  onDismiss,
}: {
  waiting: number;
  sending: boolean;
  online: boolean;
  dropped: DroppedStep[];
  onRetry: () => void;
  onDismiss: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className={`outbox-banner ${waiting > 0 ? 'waiting' : 'clear'}`} role="status">
        <strong data-testid="team-outbox" data-count={waiting}>
          {t('team.outbox.waiting', { count: waiting })}
        </strong>
        <span>{!online ? t('team.outbox.offline') : sending ? t('team.outbox.sending') : ''}</span>
        {waiting > 0 && online && (
          <button type="button" onClick={onRetry}>
            {t('team.outbox.retry')}
          </button>
        )}
      </div>
      {dropped.map((d) => (
        <div key={d.id} className="team-dropped" role="alert" data-testid="step-dropped">
          <span>
            {d.conflict
              ? t('team.outbox.conflict', { step: t(`team.status.${d.to}`) })
              : t('team.outbox.refused', { step: t(`team.status.${d.to}`), message: d.message })}
          </span>
          <button type="button" onClick={() => onDismiss(d.id)}>
            {t('team.outbox.dismiss')}
          </button>
        </div>
      ))}
    </>
  );
}

/** The duty switch, the car, where the position stands, and "back in service" after a dispatch. */
function Duty({
  group,
  geo,
  sharedAt,
  onChanged,
}: {
  group: GroupBoardItem;
  geo: GeoState;
  sharedAt: string | null;
  onChanged: (group: GroupBoardItem) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const on = group.status !== 'off_duty';

  const change = async (body: DutyChange) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await sendJson('POST', `/api/groups/${group.group.id}/duty`, GroupBoardItem, body));
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'network_error'
          ? t('team.duty.offline')
          : t('team.duty.failed', { message: e instanceof Error ? e.message : String(e) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="team-card team-duty" aria-label={t('team.duty.title')}>
      <div className="team-duty-row">
        <button
          type="button"
          className={`team-switch ${on ? 'on' : 'off'}`}
          aria-pressed={on}
          data-testid="duty-switch"
          data-on={on}
          disabled={busy}
          onClick={() => void change({ on: !on })}
        >
          <span className="team-switch-knob" aria-hidden="true" />
          {on ? t('team.duty.on') : t('team.duty.off')}
        </button>
        <label className="check team-vehicle">
          <input
            type="checkbox"
            checked={group.vehicle}
            disabled={busy || group.status === 'returning'}
            data-testid="vehicle-switch"
            onChange={(e) => void change({ on, vehicle: e.target.checked })}
          />
          {t('team.duty.vehicle')}
        </label>
      </div>
      {on ? (
        <p className={`team-position geo-${geo}`} data-testid="position-state" data-geo={geo}>
          {geo === 'denied'
            ? t('team.position.denied')
            : geo === 'unavailable'
              ? t('team.position.unavailable')
              : sharedAt
                ? t('team.position.shared', { time: localTime(sharedAt) })
                : geo === 'waiting'
                  ? t('team.position.waiting')
                  : t('team.position.notYet')}
        </p>
      ) : (
        <p className="muted">{t('team.duty.offHint')}</p>
      )}
      {group.status === 'returning' && (
        <div className="team-returning">
          <p>{t('team.duty.returningHint')}</p>
          <button
            type="button"
            className="team-back"
            data-testid="back-in-service"
            disabled={busy}
            onClick={() => void change({ on: true })}
          >
            {t('team.duty.backInService')}
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

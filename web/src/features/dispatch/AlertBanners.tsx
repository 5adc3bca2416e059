import { useTranslation } from 'react-i18next';
import type { Dispatch, GroupBoardItem } from '../../../../shared/dispatch.ts';
import { localWallClock } from '../../../../shared/geo.ts';
import { roughAge, secondsSince } from './dispatch-format.ts';
import { useNow } from '../../lib/use-now.ts';

/** `14:02`, local time (UTC+5): a moment that does not change while the banner stays. */
const wallClock = (at: string) => localWallClock(at).slice(11, 16);

/** A queued dispatch's wait was not the team's: the clock starts when it became their current one. */
const sentAt = (d: Dispatch) => d.activatedAt ?? d.createdAt;

/**
 * What HQ must act on now, above everything: dispatches the team has not acknowledged in time (call
 * them or send another group) and teams en route or on scene for too long. The banners are live
 * regions, so what they say must stand still: the running "sent 4 min ago" is for the eyes only
 * (`aria-hidden`), and a screen reader reads group, station and the clock time it counts from.
 */
export function AlertBanners({
  items,
  canRespond,
  onReassign,
  onFocus,
}: {
  items: GroupBoardItem[];
  canRespond: boolean;
  onReassign: (dispatch: Dispatch) => void;
  onFocus: (groupId: number) => void;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const overdue = items.flatMap((r) => (r.current?.ackOverdue ? [r.current] : []));
  const stuck = items.flatMap((r) => (r.current?.stuck ? [r.current] : []));
  if (overdue.length === 0 && stuck.length === 0) return null;
  const place = (d: Dispatch) => `${d.group.name} → ${t('dispatch.station', { number: d.station.number })}`;
  const list = { canRespond, onReassign, onFocus };
  return (
    <div className="dispatch-alerts">
      <AlertList
        {...list}
        kind="overdue"
        title={t('dispatch.alerts.ackOverdue')}
        items={overdue}
        describe={(d) => ({
          shown: t('dispatch.alerts.ackOverdueItem', {
            group: d.group.name,
            number: d.station.number,
            time: roughAge(secondsSince(sentAt(d), now), t),
          }),
          spoken: `${place(d)} (${wallClock(sentAt(d))})`,
        })}
      />
      <AlertList
        {...list}
        kind="stuck"
        title={t('dispatch.alerts.stuck')}
        items={stuck}
        describe={(d) => {
          const since = (d.status === 'on_scene' ? d.onSceneAt : d.enRouteAt) ?? d.updatedAt;
          const status = t(`dispatch.status.${d.status}`).toLowerCase();
          return {
            shown: t('dispatch.alerts.stuckItem', {
              group: d.group.name,
              number: d.station.number,
              status,
              time: roughAge(secondsSince(since, now), t),
            }),
            spoken: `${place(d)} (${status}, ${wallClock(since)})`,
          };
        }}
      />
    </div>
  );
}

/** One banner: a live region whose spoken text stands still while the shown time runs. */
function AlertList({
  kind,
  title,
  items,
  describe,
  canRespond,
  onReassign,
  onFocus,
}: {
  kind: 'overdue' | 'stuck';
  title: string;
  items: Dispatch[];
  describe: (d: Dispatch) => { shown: string; spoken: string };
  canRespond: boolean;
  onReassign: (dispatch: Dispatch) => void;
  onFocus: (groupId: number) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <div className={`alert alert-${kind}`} role="alert" data-testid={kind === 'overdue' ? 'ack-overdue' : 'stuck'}>
      <strong>{title}</strong>
      <ul>
        {items.map((d) => {
          const { shown, spoken } = describe(d);
          return (
            <li key={d.id} data-dispatch-id={d.id}>
              <button type="button" className="link" onClick={() => onFocus(d.group.id)}>
                <span aria-hidden="true">{shown}</span>
                <span className="visually-hidden">{spoken}</span>
              </button>
              {canRespond && (
                <button type="button" className="small" onClick={() => onReassign(d)}>
                  {t('dispatch.actions.reassign')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

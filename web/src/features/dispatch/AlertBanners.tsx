import { useTranslation } from 'react-i18next';
import type { Dispatch, GroupBoardItem } from '../../../../shared/dispatch.ts';
import { roughAge, secondsSince } from './dispatch-format.ts';
import { useNow } from './use-now.ts';

/**
 * What HQ must act on now, above everything: dispatches the team has not acknowledged in time (call
 * them or send another group) and teams en route or on scene for too long.
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
  return (
    <div className="dispatch-alerts">
      {overdue.length > 0 && (
        <div className="alert alert-overdue" role="alert" data-testid="ack-overdue">
          <strong>{t('dispatch.alerts.ackOverdue')}</strong>
          <ul>
            {overdue.map((d) => (
              <li key={d.id} data-dispatch-id={d.id}>
                <button type="button" className="link" onClick={() => onFocus(d.group.id)}>
                  {t('dispatch.alerts.ackOverdueItem', {
                    group: d.group.name,
                    number: d.station.number,
                    time: roughAge(secondsSince(d.createdAt, now), t),
                  })}
                </button>
                {canRespond && (
                  <button type="button" className="small" onClick={() => onReassign(d)}>
                    {t('dispatch.actions.reassign')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stuck.length > 0 && (
        <div className="alert alert-stuck" role="alert" data-testid="stuck">
          <strong>{t('dispatch.alerts.stuck')}</strong>
          <ul>
            {stuck.map((d) => {
              const since = d.status === 'on_scene' ? d.onSceneAt : d.enRouteAt;
              return (
                <li key={d.id} data-dispatch-id={d.id}>
                  <button type="button" className="link" onClick={() => onFocus(d.group.id)}>
                    {t('dispatch.alerts.stuckItem', {
                      group: d.group.name,
                      number: d.station.number,
                      status: t(`dispatch.status.${d.status}`).toLowerCase(),
                      time: roughAge(secondsSince(since ?? d.updatedAt, now), t),
                    })}
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
      )}
    </div>
  );
}

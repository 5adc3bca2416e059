import { useTranslation } from 'react-i18next';
import { StationLive } from '../../../../shared/reports.ts';
import { sendJson } from '../../lib/api-client.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import type { Connection } from './use-live.ts';

/** Connection state, the day's counters, and open help calls first. */
export function LivePanel({
  live,
  stations,
  connection,
  canClose,
  onSelect,
}: {
  live: Map<number, StationLive>;
  stations: StationMap;
  connection: Connection;
  canClose: boolean;
  onSelect: (stationId: number) => void;
}) {
  const { t } = useTranslation();
  const numberOf = new Map<number, number>();
  stations.id.forEach((id, i) => numberOf.set(id, stations.number[i]!));
  let onSite = 0;
  let voting = 0;
  let silent = 0;
  const help: StationLive[] = [];
  for (const s of live.values()) {
    if (['on_site', 'opened', 'voting', 'closed', 'counting', 'protocol_received'].includes(s.phase)) onSite++;
    if (s.phase === 'voting') voting++;
    if (s.silent) silent++;
    if (s.helpOpen) help.push(s);
  }
  help.sort((a, b) => (b.lastReportAt ?? '').localeCompare(a.lastReportAt ?? ''));
  return (
    <aside className="live-panel" aria-label={t('live.title')}>
      <p
        className={`connection connection-${connection}`}
        data-testid="live-state"
        data-state={connection}
        role="status"
      >
        {t(`live.connection.${connection}`)}
      </p>
      <dl className="counters">
        <dt>{t('live.onSite')}</dt>
        <dd data-testid="count-on-site">{onSite}</dd>
        <dt>{t('live.voting')}</dt>
        <dd>{voting}</dd>
        <dt>{t('live.silentCount')}</dt>
        <dd>{silent}</dd>
      </dl>
      <h3>{t('live.helpCalls', { count: help.length })}</h3>
      {help.length === 0 ? (
        <p className="muted">{t('live.noHelp')}</p>
      ) : (
        <ul className="help-calls" data-testid="help-calls">
          {help.map((s) => (
            <li key={s.stationId}>
              <button type="button" className="link" onClick={() => onSelect(s.stationId)}>
                № {numberOf.get(s.stationId) ?? s.stationId}
              </button>
              {canClose && (
                <button
                  type="button"
                  className="link small"
                  data-testid="close-help"
                  onClick={() => {
                    if (window.confirm(t('live.closeConfirm', { number: numberOf.get(s.stationId) }))) {
                      // The change comes back through the live feed like any other.
                      void sendJson('POST', `/api/stations/${s.stationId}/help/close`, StationLive, {}).catch(
                        () => null,
                      );
                    }
                  }}
                >
                  {t('live.close')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

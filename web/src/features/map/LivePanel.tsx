import { useTranslation } from 'react-i18next';
import type { StationLive } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import type { Connection } from './use-live.ts';

/** Connection state, the day's counters, and open help calls first. */
export function LivePanel({
  live,
  stations,
  connection,
}: {
  live: Map<number, StationLive>;
  stations: StationMap;
  connection: Connection;
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
            <li key={s.stationId}>№ {numberOf.get(s.stationId) ?? s.stationId}</li>
          ))}
        </ul>
      )}
    </aside>
  );
}

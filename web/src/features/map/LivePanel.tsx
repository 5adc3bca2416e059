import { useTranslation } from 'react-i18next';
import { ON_SITE_PHASES, StationLive } from '../../../../shared/reports.ts';
import { sendJson } from '../../lib/api-client.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { HELP_COLOUR, PHASE_COLOURS, SILENT_COLOUR } from './StationMap.tsx';
import type { Connection } from './use-live.ts';
import { formatLocalTime } from '../../lib/format.ts';

/** Connection state, the day's counters, and open help calls first. */
export function LivePanel({
  live,
  stations,
  connection,
  canClose,
  onSelect,
  lastUpdate,
}: {
  live: Map<number, StationLive>;
  stations: StationMap;
  connection: Connection;
  canClose: boolean;
  onSelect: (stationId: number) => void;
  lastUpdate: Date | null;
}) {
  const { t, i18n } = useTranslation();
  const numberOf = new Map<number, number>();
  stations.id.forEach((id, i) => numberOf.set(id, stations.number[i]!));
  let onSite = 0;
  let voting = 0;
  let silent = 0;
  const help: StationLive[] = [];
  const refused: StationLive[] = [];
  const quiet: StationLive[] = [];
  for (const s of live.values()) {
    if (ON_SITE_PHASES.includes(s.phase)) onSite++;
    if (s.phase === 'voting') voting++;
    if (s.silent) silent++;
    if (s.helpOpen) help.push(s);
    if (s.refusedEntry) refused.push(s);
    if (s.silent && !s.helpOpen) quiet.push(s);
  }
  // Longest without news first.
  quiet.sort((a, b) => (a.lastReportAt ?? '').localeCompare(b.lastReportAt ?? ''));
  const link = (s: StationLive) => (
    <button type="button" className="link" onClick={() => onSelect(s.stationId)}>
      № {numberOf.get(s.stationId) ?? s.stationId}
    </button>
  );
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
        {lastUpdate && (
          <span className="muted" data-testid="last-update">
            {' · '}
            {formatLocalTime(lastUpdate.toISOString(), i18n.language).slice(-8)}
          </span>
        )}
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
              {link(s)}
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
      {refused.length > 0 && (
        <>
          <h3>{t('live.refused', { count: refused.length })}</h3>
          <ul className="attention" data-testid="refused">
            {refused.slice(0, 50).map((s) => (
              <li key={s.stationId}>{link(s)}</li>
            ))}
          </ul>
        </>
      )}
      {quiet.length > 0 && (
        <>
          <h3>{t('live.silentList', { count: quiet.length })}</h3>
          <ul className="attention" data-testid="silent">
            {quiet.slice(0, 30).map((s) => (
              <li key={s.stationId}>{link(s)}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('live.legend')}</h3>
      <ul className="legend">
        {(Object.keys(PHASE_COLOURS) as (keyof typeof PHASE_COLOURS)[])
          .filter((phase) => phase !== 'protocol_received')
          .map((phase) => (
            <li key={phase}>
              <span className="dot" style={{ background: PHASE_COLOURS[phase] }} />
              {t(`live.phase.${phase}`)}
            </li>
          ))}
        <li>
          <span className="dot big" style={{ background: HELP_COLOUR, borderColor: '#5d0000' }} />
          {t('live.help')}
        </li>
        <li>
          <span className="dot ring" style={{ background: SILENT_COLOUR, borderColor: '#7a3b00' }} />
          {t('live.silent')}
        </li>
      </ul>
    </aside>
  );
}

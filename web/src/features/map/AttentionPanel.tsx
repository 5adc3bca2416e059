import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { needsAttention, type AttentionItem, type AttentionKind } from '../../../../shared/attention.ts';
import type { Region } from '../../../../shared/regions.ts';
import { ON_SITE_PHASES, StationLive } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { sendJson } from '../../lib/api-client.ts';
import { formatLocalTime, intlLocale, stationTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { LiveStore } from './live-store.ts';
import {
  HELP_LOOK,
  LEGEND,
  LookIcon,
  PROTOCOL_LEGEND,
  REFUSED_LOOK,
  SILENT_LOOK,
  VIOLATION_LOOK,
  VIOLATION_LOOKS,
  type Look,
} from './station-look.tsx';
import type { Connection } from './use-live.ts';
import { useNow } from '../../lib/use-now.ts';

const KIND_LOOK: Record<AttentionKind, Look> = {
  help: HELP_LOOK,
  refused_entry: REFUSED_LOOK,
  violations: VIOLATION_LOOK,
  silent: SILENT_LOOK,
  turnout_discrepancy: { ...SILENT_LOOK, shape: 'square', fill: '#fbc02d', stroke: '#6d5400', weight: 1 },
};
/** Enough to work from; the rest is counted, and the filters narrow it down. */
const SHOWN = 100;

/**
 * The coordinator's work list: connection state, the day's counters, and what needs a person now
 * (help calls, refused entry, violations, silent stations, turnout gaps), most urgent and longest
 * waiting first, each one click from its station. Counted from the same store as the markers.
 */
export function AttentionPanel({
  store,
  version,
  stations,
  regions,
  region,
  connection,
  canClose,
  onSelect,
  onQueue,
  dispatchTo = null,
}: {
  store: LiveStore;
  version: number;
  stations: StationMap;
  regions: Region[];
  /** Only this region (from the regions table or the filter), or all the map holds. */
  region: string | null;
  connection: Connection;
  canClose: boolean;
  onSelect: (stationId: number) => void;
  /** Opens the violation queue narrowed to a station (by its number); null without the right to. */
  onQueue: ((stationNumber: number) => void) | null;
  /** Opens the dispatch board's send panel (a help call's); null when the user may not dispatch. */
  dispatchTo?: ((path: string) => void) | null;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const now = useNow(30_000);
  const numberOf = useMemo(() => {
    const map = new Map<number, number>();
    stations.id.forEach((id, i) => map.set(id, stations.number[i]!));
    return map;
  }, [stations]);
  const regionByCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);

  const { counts, items } = useMemo(() => {
    void version; // recomputed whenever the live state changes
    const inScope: StationLive[] = [];
    const counts = { stations: 0, onSite: 0, voting: 0, silent: 0, help: 0 };
    for (const s of store.states.values()) {
      if (region !== null && s.region !== region) continue;
      inScope.push(s);
      counts.stations++;
      if (ON_SITE_PHASES.includes(s.phase)) counts.onSite++;
      if (s.phase === 'voting') counts.voting++;
      if (s.silent) counts.silent++;
      if (s.helpOpen) counts.help++;
    }
    return { counts, items: needsAttention(inScope) };
  }, [store, version, region]);

  const number = new Intl.NumberFormat(intlLocale(language));
  const age = (since: string | null) => {
    if (!since) return t('attention.never');
    const minutes = Math.max(0, Math.round((now - Date.parse(since)) / 60_000));
    return minutes < 60
      ? t('attention.minutes', { count: minutes })
      : t('attention.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  };
  const closeHelp = (item: AttentionItem) => {
    if (!window.confirm(t('live.closeConfirm', { number: numberOf.get(item.stationId) }))) return;
    // The change comes back through the live feed like any other.
    void sendJson('POST', `/api/stations/${item.stationId}/help/close`, StationLive, {}).catch(() => null);
  };

  return (
    <aside className="live-panel" aria-label={t('attention.title')}>
      <p
        className={`connection connection-${connection}`}
        data-testid="live-state"
        data-state={connection}
        role="status"
      >
        {t(`live.connection.${connection}`)}
        {store.lastUpdate && (
          <span className="muted" data-testid="last-update">
            {' · '}
            {t('live.lastUpdate', { time: formatLocalTime(store.lastUpdate.toISOString(), i18n.language).slice(-8) })}
          </span>
        )}
      </p>
      <dl className="counters">
        <div>
          <dt title={t('live.stationsInView')}>{t('live.stationsInView')}</dt>
          <dd data-testid="count-stations">{number.format(counts.stations)}</dd>
        </div>
        <div>
          <dt title={t('live.onSite')}>{t('live.onSite')}</dt>
          <dd data-testid="count-on-site">{number.format(counts.onSite)}</dd>
        </div>
        <div>
          <dt title={t('live.voting')}>{t('live.voting')}</dt>
          <dd>{number.format(counts.voting)}</dd>
        </div>
        <div>
          <dt title={t('live.silentCount')}>{t('live.silentCount')}</dt>
          <dd>{number.format(counts.silent)}</dd>
        </div>
        <div className={counts.help > 0 ? 'danger' : undefined}>
          <dt title={t('live.helpCount')}>{t('live.helpCount')}</dt>
          <dd data-testid="count-help">{number.format(counts.help)}</dd>
        </div>
      </dl>
      <h3 id="attention-title">
        {t('attention.title')} <span className="pill">{number.format(items.length)}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted empty" data-testid="attention-empty">
          {t('attention.empty')}
        </p>
      ) : (
        <ol className="attention-list" data-testid="attention" aria-labelledby="attention-title">
          {items.slice(0, SHOWN).map((item) => {
            const r = regionByCode.get(item.region);
            const state = item.kind === 'violations' ? store.states.get(item.stationId) : undefined;
            const look = state?.worstSeverity ? VIOLATION_LOOKS[state.worstSeverity] : KIND_LOOK[item.kind];
            const stationNumber = numberOf.get(item.stationId);
            return (
              <li
                key={`${item.kind}:${item.stationId}`}
                className={`attention-item attention-${item.kind}`}
                data-kind={item.kind}
                data-station={item.stationId}
              >
                <LookIcon look={look} />
                <button type="button" className="link station-link" onClick={() => onSelect(item.stationId)}>
                  <strong>{t(`attention.kind.${item.kind}`)}</strong> №&nbsp;
                  {numberOf.get(item.stationId) ?? item.stationId}
                </button>
                <span className="muted region-name">
                  {r?.name[language] ?? item.region}
                  {state && (
                    <>
                      {' · '}
                      {t('violations.map.attention', {
                        count: state.openViolations,
                        severity: t(`violations.severity.${state.worstSeverity ?? 'serious'}`).toLowerCase(),
                      })}
                    </>
                  )}
                </span>
                <span className="when">
                  {item.since && (
                    <time dateTime={item.since}>{stationTime(item.since, r?.timezone ?? 'Asia/Almaty', language)}</time>
                  )}{' '}
                  <span className="age">{age(item.since)}</span>
                </span>
                {item.kind === 'violations' && onQueue && stationNumber !== undefined && (
                  <button
                    type="button"
                    className="link small"
                    data-testid="attention-queue"
                    onClick={() => onQueue(stationNumber)}
                  >
                    {t('violations.map.queueLink')}
                  </button>
                )}
                {item.kind === 'help' && dispatchTo && (
                  <a
                    className="small"
                    // A third line under the region (the item's grid names only two).
                    style={{ gridColumn: 2, justifySelf: 'start', fontSize: '0.8rem' }}
                    href={`/dispatch?help=${item.stationId}`}
                    data-testid="attention-dispatch"
                    onClick={(e) => {
                      e.preventDefault();
                      dispatchTo(`/dispatch?help=${item.stationId}`);
                    }}
                  >
                    {t('dispatch.sendLink')}
                  </a>
                )}
                {item.kind === 'help' && canClose && (
                  <button type="button" className="link small" data-testid="close-help" onClick={() => closeHelp(item)}>
                    {t('live.close')}
                  </button>
                )}
              </li>
            );
          })}
          {items.length > SHOWN && <li className="muted">{t('attention.more', { count: items.length - SHOWN })}</li>}
        </ol>
      )}
      <details className="legend-box" open>
        <summary>{t('live.legend')}</summary>
        <ul className="legend">
          {LEGEND.map((look) => (
            <li key={look.key}>
              <LookIcon look={look} />
              {t(look.key)}
            </li>
          ))}
          <li>
            <span className="cluster-sample" aria-hidden="true">
              12
            </span>
            {t('map.clusterLegend')}
          </li>
        </ul>
        <p className="muted small-text">{t('results.marker.legendTitle')}</p>
        <ul className="legend" data-testid="legend-protocol">
          {PROTOCOL_LEGEND.map((look) => (
            <li key={look.key}>
              <LookIcon look={look} />
              {t(look.key)}
            </li>
          ))}
        </ul>
      </details>
    </aside>
  );
}

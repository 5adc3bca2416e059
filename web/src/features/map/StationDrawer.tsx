import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StationReportList, type StationReport } from '../../../../shared/reports.ts';
import type { Region } from '../../../../shared/regions.ts';
import { StationDetail } from '../../../../shared/stations.ts';
import { ViolationPage, type Violation, formatArticle } from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';
import { formatLocalTime, stationTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { LiveStore } from './live-store.ts';
import { LookIcon, lookOf, showsProtocol } from './station-look.tsx';

function summary(report: StationReport, t: (key: string, options?: Record<string, unknown>) => string): string {
  const b = report.body;
  switch (b.kind) {
    case 'arrival':
      return b.admitted ? t('drawer.admitted') : t('drawer.refused', { reason: b.refusalReason ?? '' });
    case 'turnout':
      return t('drawer.turnout', { chair: b.chairFigure, own: b.ownCount ?? '—' });
    case 'closing':
      return t('drawer.closing', { voted: b.votedPerChair });
    case 'help':
      return t(`drawer.helpReason.${b.reason}`);
    default:
      return '';
  }
}

/** Everything about one station: who observes it, how to reach them, and the day so far. */
export function StationDrawer({
  stationId,
  store,
  version,
  regions,
  onClose,
  navigate,
  dispatchTo = null,
  openProtocol = null,
}: {
  stationId: number;
  store: LiveStore;
  /** Changes with the live state (re-reads this station's). */
  version: number;
  regions: Region[];
  onClose: () => void;
  /** Opens a violation page; null when the user may not see violations. */
  navigate: ((path: string) => void) | null;
  /** Opens the dispatch board's send panel; null when the user may not dispatch mobile groups. */
  dispatchTo?: ((path: string) => void) | null;
  /** Opens the station's protocol page; null when the user may not read protocols there. */
  openProtocol?: ((path: string) => void) | null;
}) {
  void version;
  const live = store.states.get(stationId);
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [station, setStation] = useState<StationDetail | null>(null);
  const [reports, setReports] = useState<StationReport[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      getJson(`/api/stations/${stationId}`, StationDetail, controller.signal),
      getJson(`/api/stations/${stationId}/reports`, StationReportList, controller.signal),
    ]).then(
      ([detail, list]) => {
        setError(null);
        setStation(detail);
        setReports(list.items);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => controller.abort();
    // A new live state (a report just arrived) reloads the timeline.
  }, [stationId, live?.seq]);

  const region = regions.find((r) => r.code === station?.region);
  const zone = region?.timezone ?? 'Asia/Almaty';
  return (
    <aside className="drawer" data-testid="station-drawer" aria-labelledby="drawer-title">
      <header className="drawer-head">
        <h2 id="drawer-title">{station ? t('map.station', { number: station.number }) : t('app.loading')}</h2>
        <button type="button" onClick={onClose} aria-label={t('drawer.close')}>
          ×
        </button>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {station && (
        <>
          <p>
            {region?.name[language]} · {station.locality}, {station.address}
          </p>
          <p className="muted">{station.building}</p>
          {live && (
            <p data-testid="drawer-phase">
              <strong>{t(`live.phase.${live.phase}`)}</strong>
              {live.helpOpen && <span className="tag danger"> {t('live.help')}</span>}
              {live.silent && <span className="tag"> {t('live.silent')}</span>}
            </p>
          )}
          {live && showsProtocol(live) && (
            <p data-testid="drawer-protocol" data-state={live.protocol}>
              <LookIcon look={lookOf(live)} />{' '}
              {openProtocol ? (
                <a
                  href={`/protocols/${stationId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    openProtocol(`/protocols/${stationId}`);
                  }}
                >
                  {t('results.marker.protocol', { state: t(`results.state.${live.protocol}`) })}
                </a>
              ) : (
                t('results.marker.protocol', { state: t(`results.state.${live.protocol}`) })
              )}
            </p>
          )}
          {dispatchTo && <SendGroupLink stationId={stationId} help={live?.helpOpen ?? false} dispatchTo={dispatchTo} />}
          <h3>{t('drawer.observers')}</h3>
          {station.observer ? (
            <p>
              {station.observer.name}
              {station.observer.phone && (
                <>
                  {' · '}
                  <a href={`tel:${station.observer.phone}`}>{station.observer.phone}</a>
                </>
              )}
            </p>
          ) : (
            <p className="muted">{t('drawer.noObserver')}</p>
          )}
          {station.reserves.map((r) => (
            <p key={r.id} className="muted">
              {t('people.kind.reserve')}: {r.name}
              {r.phone && (
                <>
                  {' · '}
                  <a href={`tel:${r.phone}`}>{r.phone}</a>
                </>
              )}
            </p>
          ))}
          {navigate && (
            <StationViolations
              stationNumber={station.number}
              seq={live?.seq ?? 0}
              open={live?.openViolations ?? 0}
              navigate={navigate}
            />
          )}
          <h3>{t('drawer.timeline')}</h3>
          {reports && reports.length === 0 && <p className="muted">{t('drawer.noReports')}</p>}
          {reports && reports.length > 0 && (
            <ol className="timeline" data-testid="timeline">
              {reports.map((r) => (
                <li key={r.id} className={r.kind === 'help' ? 'danger' : undefined}>
                  <time dateTime={r.deviceTime}>{stationTime(r.deviceTime, zone, i18n.language)}</time>{' '}
                  <strong>{t(`field.steps.${r.kind}`)}</strong> {summary(r, t)}
                  {r.enteredBy && <span className="muted"> ({t('drawer.enteredBy', { name: r.enteredBy.name })})</span>}
                  {r.flags.length > 0 && <span className="tag"> {r.flags.join(', ')}</span>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}

/** To the dispatch board, to send a team here: to the help call when one is open, else to the station. */
function SendGroupLink({
  stationId,
  help,
  dispatchTo,
}: {
  stationId: number;
  help: boolean;
  dispatchTo: (path: string) => void;
}) {
  const { t } = useTranslation();
  const path = help ? `/dispatch?help=${stationId}` : `/dispatch?station=${stationId}`;
  return (
    <p>
      <a
        className="button"
        href={path}
        data-testid="send-group"
        onClick={(e) => {
          e.preventDefault();
          dispatchTo(path);
        }}
      >
        {t('dispatch.sendLink')}
      </a>
    </p>
  );
}

/** The station's violations, open and closed, each a link to its page; the worst first. */
function StationViolations({
  stationNumber,
  seq,
  open,
  navigate,
}: {
  stationNumber: number;
  /** The station's live sequence: a new value (a violation reported or moved) reloads the list. */
  seq: number;
  open: number;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [items, setItems] = useState<Violation[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    getJson(`/api/violations?station=${stationNumber}&open=false&limit=50`, ViolationPage).then(
      (page) => {
        if (!current) return;
        setFailed(false);
        setItems(page.items);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [stationNumber, seq]);

  return (
    <section className="drawer-violations" aria-labelledby="drawer-violations" data-testid="drawer-violations">
      <h3 id="drawer-violations">
        {t('violations.map.drawerTitle')} <span className="pill">{t('violations.map.openCount', { count: open })}</span>
      </h3>
      {failed && <p className="form-error">{t('violations.map.loadFailed')}</p>}
      {items && items.length === 0 && <p className="muted">{t('violations.map.none')}</p>}
      {items && items.length > 0 && (
        <ul className="drawer-violation-list">
          {items.map((v) => (
            <li key={v.id} data-id={v.id} data-severity={v.severity}>
              <span className={`sev sev-${v.severity}`}>{t(`violations.severity.${v.severity}`)}</span>{' '}
              <button type="button" className="link" onClick={() => navigate(`/violations/${v.id}`)}>
                {v.category.title[language]}
              </button>{' '}
              <span className="muted">
                {formatArticle(v.category.article, language)} · {t(`violations.status.${v.status}`)} ·{' '}
                <time dateTime={v.observedAt}>{formatLocalTime(v.observedAt, language).slice(0, -3)}</time>
              </span>
              {v.evidence.length > 0 && (
                <span className="thumbs">
                  {v.evidence
                    .slice(0, 3)
                    .map((e) =>
                      e.hasThumbnail ? (
                        <img
                          key={e.id}
                          className="ev-thumb"
                          src={`/api/evidence/${e.id}/thumbnail`}
                          loading="lazy"
                          width={36}
                          height={36}
                          alt={t(`violations.evidence.kind.${e.kind}`)}
                          data-testid="violation-thumb"
                        />
                      ) : null,
                    )}
                  {v.evidence.length > 3 && <span className="thumb-more">+{v.evidence.length - 3}</span>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="link"
        onClick={() => navigate(`/violations?station=${stationNumber}&open=false`)}
      >
        {t('violations.map.toQueue')}
      </button>
    </section>
  );
}

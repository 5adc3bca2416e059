import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { StationProtocol } from '../../../../shared/protocols.ts';
import { RegionList } from '../../../../shared/regions.ts';
import { ProtocolChecks } from '../../components/protocol/ProtocolChecks.tsx';
import { ApiError, getJson } from '../../lib/api-client.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { ConflictResolver } from './ConflictResolver.tsx';
import { CorrectPanel } from './CorrectPanel.tsx';
import { PhotoGallery } from './PhotoGallery.tsx';
import { lastListHref } from './list-filter.ts';
import { ChangesTable, FiguresTable, OfficialTable, StateBadge } from './protocol-bits.tsx';
import { useProtocolPush } from './use-protocol-push.ts';
import type { ResolveResult } from './use-resolve.ts';
import './protocols.css';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; data: StationProtocol }
  | { status: 'missing' }
  | { status: 'error'; message: string };

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** One station's protocol (/protocols/<stationId>): photo, checks, entries, conflicts, versions. */
export function StationProtocolPage({
  user,
  stationId,
  navigate,
}: {
  user: SessionUser;
  stationId: number;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<Notice>(null);
  // Set after a 409: the notice names the version that came in, once the reload brings it.
  const stale = useRef(false);
  const [correcting, setCorrecting] = useState(false);
  const [regionName, setRegionName] = useState<string | null>(null);
  const canResolve = scopeFor(user.role, 'protocols.resolve') !== null;

  useEffect(() => {
    let current = true;
    getJson(`/api/protocols/${stationId}`, StationProtocol).then(
      (data) => {
        if (!current) return;
        setLoad({ status: 'ready', data });
        if (stale.current) {
          stale.current = false;
          setNotice({ kind: 'error', text: t('protocols.resolve.stale', { version: data.verified?.version ?? '—' }) });
        }
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) setLoad({ status: 'missing' });
        else setLoad({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [stationId, attempt, t]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useProtocolPush((items) => items.some((i) => i.stationId === stationId), reload);

  const data = load.status === 'ready' ? load.data : null;
  const region = data?.station.region;
  useEffect(() => {
    if (!region) return;
    let current = true;
    void getJson('/api/regions', RegionList).then(
      (list) => current && setRegionName(list.items.find((r) => r.code === region)?.name[language] ?? null),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [region, language]);

  const saved = (result: ResolveResult) => {
    if (result.ok) {
      setCorrecting(false);
      setNotice({
        kind: 'ok',
        text: correcting
          ? t('protocols.correct.done', { version: result.status.verifiedVersion ?? '—' })
          : t('protocols.resolve.done', { version: result.status.verifiedVersion ?? '—' }),
      });
      reload();
    } else if (result.error instanceof ApiError && result.error.status === 409) {
      // Another supervisor (or an agreeing entry) got there first: show what is there now.
      setCorrecting(false);
      stale.current = true;
      reload();
    } else {
      const message = result.error instanceof Error ? result.error.message : String(result.error);
      setNotice({ kind: 'error', text: t('protocols.resolve.failed', { message }) });
    }
  };

  const back = (
    <a
      href={lastListHref()}
      className="pr-back"
      onClick={(e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        // Back to the list as it was filtered.
        navigate(lastListHref());
      }}
    >
      ← {t('protocols.station.back')}
    </a>
  );

  if (!data)
    return (
      <section className="page station-protocol" data-testid="station-protocol" data-station={stationId}>
        {back}
        {load.status === 'loading' && (
          <p className="state" role="status">
            {t('app.loading')}
          </p>
        )}
        {load.status === 'missing' && (
          <p className="state" role="status" data-testid="station-protocol-missing">
            {t('protocols.station.notFound')}
          </p>
        )}
        {load.status === 'error' && (
          <div className="state state-error" role="alert">
            <p>{t('protocols.station.error', { message: load.message })}</p>
            <button type="button" onClick={reload}>
              {t('protocols.list.retry')}
            </button>
          </div>
        )}
      </section>
    );

  const { station, ballot, observer, operator, verified } = data;
  const resolving = canResolve && data.status === 'conflict' && observer !== null && operator !== null;
  return (
    <section
      className="page station-protocol"
      data-testid="station-protocol"
      data-station={stationId}
      data-state={data.state}
      data-status={data.status ?? 'none'}
      aria-labelledby="pr-station-title"
    >
      {back}
      <div className="page-head">
        <h2 id="pr-station-title">{t('protocols.station.title', { number: station.number })}</h2>
        <StateBadge state={data.state} />
        <span className={data.status === 'conflict' ? 'tag danger' : 'tag'} data-testid="station-protocol-status">
          {t(`protocols.status.${data.status ?? 'none'}`)}
        </span>
        {canResolve && verified && !correcting && (
          <button type="button" onClick={() => setCorrecting(true)} data-testid="correct-open">
            {t('protocols.correct.open')}
          </button>
        )}
      </div>
      <p className="muted">
        {regionName ?? station.region} · {station.address} ·{' '}
        {t('protocols.station.voters', { count: station.registeredVoters })}
      </p>
      {notice && (
        <p
          className={notice.kind === 'ok' ? 'pr-notice' : 'pr-notice form-error'}
          role={notice.kind === 'ok' ? 'status' : 'alert'}
          data-testid="station-protocol-notice"
        >
          {notice.text}
        </p>
      )}

      {resolving && (
        <ConflictResolver
          key={`${data.verified?.version ?? 0}-${operator.id}-${observer.id}`}
          data={{ ...data, observer, operator }}
          onSaved={saved}
        />
      )}
      {correcting && verified && (
        <CorrectPanel
          stationId={station.id}
          ballot={ballot}
          verified={verified}
          observerEntryId={observer?.id ?? null}
          operatorEntryId={operator?.id ?? null}
          onCancel={() => setCorrecting(false)}
          onSaved={saved}
        />
      )}

      <div className="pr-columns">
        {!resolving && (
          <section aria-labelledby="pr-photos-title">
            <h3 id="pr-photos-title">{t('protocols.station.photos')}</h3>
            {data.photos.length === 0 ? (
              <p className="muted">{t('protocols.station.noPhotos')}</p>
            ) : (
              <PhotoGallery photos={data.photos} />
            )}
          </section>
        )}

        <section aria-labelledby="pr-observer-title" data-testid="protocol-observer">
          <h3 id="pr-observer-title">{t('protocols.station.observer')}</h3>
          {observer ? (
            <>
              <p className="muted">
                {t('protocols.station.by', { name: observer.by.name, time: formatLocalTime(observer.at, language) })}
                {observer.ownTally !== null && <> · {t('protocols.station.ownTally', { count: observer.ownTally })}</>}
              </p>
              <h4>{t('protocols.station.checks')}</h4>
              <ProtocolChecks checks={observer.checks} testId="observer-checks" />
              <FiguresTable
                ballot={ballot}
                columns={[{ label: t('protocols.figures.value'), figures: observer.figures }]}
                testId="observer-figures"
              />
            </>
          ) : (
            <p className="muted">{t('protocols.station.noObserver')}</p>
          )}
        </section>

        <section aria-labelledby="pr-verified-title" data-testid="protocol-verified">
          <h3 id="pr-verified-title">
            {verified
              ? t('protocols.station.verified', { version: verified.version })
              : t('protocols.station.verifiedNone')}
          </h3>
          {verified ? (
            <>
              <ProtocolChecks checks={verified.checks} testId="verified-checks" />
              <FiguresTable
                ballot={ballot}
                columns={[{ label: t('protocols.figures.value'), figures: verified.figures }]}
                testId="verified-figures"
              />
            </>
          ) : (
            <p className="muted">{t('protocols.station.noVerified')}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="pr-official-title" data-testid="protocol-official">
        <h3 id="pr-official-title">{t('protocols.station.official')}</h3>
        {data.official === null ? (
          <p className="muted">{t('protocols.station.officialMissing')}</p>
        ) : data.officialDifferences.length === 0 ? (
          <p>{verified ? t('protocols.station.officialSame') : t('protocols.station.noVerified')}</p>
        ) : (
          <OfficialTable ballot={ballot} differences={data.officialDifferences} />
        )}
      </section>

      <section aria-labelledby="pr-versions-title">
        <h3 id="pr-versions-title">{t('protocols.station.versions')}</h3>
        {data.versions.length === 0 ? (
          <p className="muted">{t('protocols.station.noVersions')}</p>
        ) : (
          <ol className="pr-versions" data-testid="protocol-versions" reversed>
            {data.versions.map((v) => (
              <li key={v.version} data-testid={`protocol-version-${v.version}`} data-basis={v.basis}>
                <p>
                  <strong>{t('protocols.station.version', { version: v.version })}</strong> ·{' '}
                  {t(`protocols.station.basis.${v.basis}`)} ·{' '}
                  <span data-testid="version-by">
                    {t('protocols.station.by', { name: v.by.name, time: formatLocalTime(v.at, language) })}
                  </span>
                </p>
                {v.note && <p className="pr-version-note">{t('protocols.station.note', { note: v.note })}</p>}
                <ChangesTable ballot={ballot} changes={v.changes} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

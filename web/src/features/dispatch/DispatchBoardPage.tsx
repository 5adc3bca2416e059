import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { ClientConfig } from '../../../../shared/client-config.ts';
import { Dispatch } from '../../../../shared/dispatch.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { getJson, sendJson } from '../../lib/api-client.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { AlertBanners } from './AlertBanners.tsx';
import { BoardTable, type Confirming } from './BoardTable.tsx';
import { boardOrder } from './dispatch-format.ts';
import { pathFor, targetFromSearch } from './dispatch-target.ts';
import './dispatch.css';
import { GroupMap } from './GroupMap.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { RegionCounts } from './RegionCounts.tsx';
import { SendPanel } from './SendPanel.tsx';
import { useBoard } from './use-board.ts';

/** The map's settings and the region names; the board works without them (codes, no tiles). */
function useSettings(): { config: ClientConfig | null; regions: Region[] } {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/client-config', ClientConfig, controller.signal).then(setConfig, () =>
      setConfig({ tileUrl: null, tileAttribution: null, version: '' }),
    );
    getJson('/api/regions', RegionList, controller.signal).then(
      (list) => setRegions(list.items),
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return { config, regions };
}

/**
 * HQ's dispatch board (issue 7): every mobile group with its status and current dispatch, live; the
 * alerts that need a person; the groups on a map; open dispatches per region and the day's times.
 * `?station=`, `?help=` or `?violation=` in the address opens the panel that sends a group there:
 * the app re-renders the page whenever its address changes (a link, Back, Forward), so the query is
 * read as the page renders.
 */
export function DispatchBoardPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const { state, connection, reload } = useBoard();
  const { config, regions } = useSettings();
  const target = targetFromSearch(window.location.search);
  const [focus, setFocus] = useState<{ groupId: number; n: number } | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [moved, setMoved] = useState(0);
  const canRespond = scopeFor(user.role, 'dispatch.respond') !== null;
  const canSeeMetrics = scopeFor(user.role, 'dispatch.metrics') !== null;
  const board = state.status === 'ready' ? state.board : null;
  const rows = useMemo(() => (board ? boardOrder(board.items, language) : []), [board, language]);

  const regionName = useCallback(
    (code: string) => regions.find((r) => r.code === code)?.name[language] ?? code,
    [regions, language],
  );
  const focusOn = useCallback((groupId: number) => setFocus((f) => ({ groupId, n: (f?.n ?? 0) + 1 })), []);

  // The day's figures follow the dispatches as they move (not every position a group reports).
  const steps = board?.items.map((r) => (r.current ? `${r.current.id}:${r.current.status}` : '')).join() ?? null;
  const lastSteps = useRef<string | null>(null);
  useEffect(() => {
    if (steps === null) return;
    if (lastSteps.current !== null && lastSteps.current !== steps) setMoved((n) => n + 1);
    lastSteps.current = steps;
  }, [steps]);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 8000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const closePanel = () => navigate('/dispatch');
  const sent = (d: Dispatch) => {
    setNotice(t('dispatch.send.sent', { group: d.group.name }));
    closePanel();
    focusOn(d.group.id);
    reload();
  };
  const cancel = async (d: Dispatch, note: string, mode: Confirming['mode']) => {
    await sendJson('POST', `/api/dispatches/${d.id}/transition`, Dispatch, {
      to: 'cancelled',
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setConfirming(null);
    reload();
    if (mode === 'reassign') navigate(pathFor(d.target));
  };

  return (
    <section className="dispatch-page" data-testid="dispatch-board" data-connection={connection}>
      <div className="dispatch-head">
        <h2>{t('dispatch.title')}</h2>
        <span className={`connection connection-${connection}`} role="status" data-testid="dispatch-connection">
          {t(`dispatch.connection.${connection}`)}
        </span>
        {notice && (
          <span className="notice" role="status" data-testid="dispatch-notice">
            {notice}
          </span>
        )}
      </div>
      {board && (
        <AlertBanners
          items={board.items}
          canRespond={canRespond}
          onFocus={focusOn}
          onReassign={(d) => {
            focusOn(d.group.id);
            setConfirming({ dispatchId: d.id, mode: 'reassign' });
          }}
        />
      )}
      <div className={target ? 'dispatch-layout with-panel' : 'dispatch-layout'}>
        <div className="dispatch-main">
          <section className="dispatch-section" aria-labelledby="board-title">
            <h3 id="board-title">{t('dispatch.board.title')}</h3>
            {state.status === 'loading' && (
              <p className="muted" role="status">
                {t('dispatch.board.loading')}
              </p>
            )}
            {state.status === 'error' && (
              <div className="form-error" role="alert">
                <p>{t('dispatch.board.error', { message: state.message })}</p>
                <button type="button" onClick={reload}>
                  {t('dispatch.board.retry')}
                </button>
              </div>
            )}
            {board && board.items.length === 0 && (
              <p className="muted empty" data-testid="board-empty">
                {t('dispatch.board.empty')}
              </p>
            )}
            {board && board.items.length > 0 && (
              <BoardTable
                items={rows}
                regionName={regionName}
                focusedId={focus?.groupId ?? null}
                onFocus={focusOn}
                canRespond={canRespond}
                confirming={confirming}
                onConfirming={setConfirming}
                onCancel={cancel}
              />
            )}
          </section>
          {board && <RegionCounts openByRegion={board.openByRegion} regionName={regionName} />}
          {canSeeMetrics && <MetricsTable regionName={regionName} refresh={moved} />}
        </div>
        <div className="dispatch-side">
          {target && <SendPanel key={JSON.stringify(target)} target={target} onClose={closePanel} onSent={sent} />}
          {config && (
            <GroupMap
              items={board?.items ?? []}
              tileUrl={config.tileUrl}
              tileAttribution={config.tileAttribution}
              focus={focus}
              onSelect={focusOn}
            />
          )}
        </div>
      </div>
    </section>
  );
}

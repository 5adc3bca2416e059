import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CandidateList,
  Dispatch,
  PRIORITIES,
  type Candidate,
  type DispatchTarget,
  type NewDispatch,
  type Priority,
} from '../../../../shared/dispatch.ts';
import { StationDetail } from '../../../../shared/stations.ts';
import { ViolationDetail } from '../../../../shared/violations.ts';
import { ApiError, getJson, sendJson } from '../../lib/api-client.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { uuid } from '../../lib/uuid.ts';

type Summary = { title: string; lines: string[] };
type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where the team is sent, in words: the station, the help call or the violation's ground. */
function useSummary(target: DispatchTarget): Load<Summary> {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [state, setState] = useState<Load<Summary>>({ status: 'loading' });
  // The panel is keyed by its target (a new target is a new panel): the key only guards the effect.
  const key = JSON.stringify(target);
  useEffect(() => {
    const controller = new AbortController();
    const summary: Promise<Summary> =
      target.kind === 'violation'
        ? getJson(`/api/violations/${target.violationId}`, ViolationDetail, controller.signal).then((v) => ({
            title: t('dispatch.send.violation', { number: v.station.number }),
            lines: [
              [v.category.title[language], v.otherText].filter(Boolean).join(': '),
              v.station.address,
              v.description,
            ].filter(Boolean),
          }))
        : getJson(`/api/stations/${target.stationId}`, StationDetail, controller.signal).then((s) => ({
            title: t(target.kind === 'help' ? 'dispatch.send.help' : 'dispatch.send.station', { number: s.number }),
            lines: [`${s.locality}, ${s.address}`, s.building].filter(Boolean),
          }));
    summary.then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: message(error) });
      },
    );
    return () => controller.abort();
    // `key` stands for the target; `t` and the language only re-word it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, language]);
  return state;
}

/**
 * "Send a mobile group": the target, then the groups ranked by the server (those that can go now
 * first, fastest to arrive first; the rest with why they are not offered), priority and a note.
 * Each dispatch carries an id made here and kept until it is answered, so a double click or a
 * resend after a lost answer cannot send a group twice.
 */
export function SendPanel({
  target,
  onClose,
  onSent,
}: {
  target: DispatchTarget;
  onClose: () => void;
  onSent: (dispatch: Dispatch) => void;
}) {
  const { t, i18n } = useTranslation();
  const km = new Intl.NumberFormat(intlLocale(currentLanguage(i18n.language)), { maximumFractionDigits: 1 });
  const summary = useSummary(target);
  const [candidates, setCandidates] = useState<Load<Candidate[]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [priority, setPriority] = useState<Priority>(target.kind === 'help' ? 'urgent' : 'normal');
  const [note, setNote] = useState('');
  const [sending, setSending] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One id per group for this panel: the same dispatch whatever happens to the answer.
  const ids = useRef(new Map<number, string>());
  const key = JSON.stringify(target);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [key]);

  useEffect(() => {
    const controller = new AbortController();
    const query =
      target.kind === 'violation' ? `violationId=${target.violationId}` : `stationId=${String(target.stationId)}`;
    getJson(`/api/dispatch/candidates?${query}`, CandidateList, controller.signal).then(
      (list) => setCandidates({ status: 'ready', data: list.items }),
      (e: unknown) => {
        if (!controller.signal.aborted) setCandidates({ status: 'error', message: message(e) });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

  const send = (candidate: Candidate, queue: boolean) => {
    const groupId = candidate.group.id;
    let id = ids.current.get(groupId);
    if (!id) {
      id = uuid();
      ids.current.set(groupId, id);
    }
    const body: NewDispatch = { id, groupId, target, priority, note: note.trim(), queue };
    setSending(groupId);
    setError(null);
    sendJson('POST', '/api/dispatches', Dispatch, body).then(
      (dispatch) => {
        setSending(null);
        ids.current.delete(groupId);
        onSent(dispatch);
      },
      (e: unknown) => {
        setSending(null);
        setError(message(e));
        // Refused for good (the group was taken meanwhile, went off duty…): a next try is a new dispatch,
        // and the list shows why. A lost answer keeps the id, so trying again cannot send twice.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
          ids.current.delete(groupId);
          refresh();
        }
      },
    );
  };

  const list = candidates.status === 'ready' ? candidates.data : [];
  const anyEligible = list.some((c) => c.eligible);

  return (
    <section
      className="send-panel"
      data-testid="send-panel"
      aria-labelledby="send-title"
      data-target={target.kind}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="send-head">
        <h3 id="send-title" ref={headingRef} tabIndex={-1}>
          {t('dispatch.send.title')}
        </h3>
        <button type="button" onClick={onClose} aria-label={t('dispatch.send.close')} data-testid="send-close">
          ×
        </button>
      </header>
      <div className="send-target" data-testid="send-target">
        {summary.status === 'loading' && <p className="muted">{t('dispatch.send.loading')}</p>}
        {summary.status === 'error' && (
          <p className="form-error" role="alert">
            {t('dispatch.send.targetError', { message: summary.message })}
          </p>
        )}
        {summary.status === 'ready' && (
          <>
            <p className="send-target-title">
              {target.kind === 'help' && <span className="tag danger">{t('dispatch.send.helpReason')}</span>}{' '}
              <strong>{summary.data.title}</strong>
            </p>
            {summary.data.lines.map((line) => (
              <p key={line} className="muted">
                {line}
              </p>
            ))}
          </>
        )}
      </div>
      <div className="send-options">
        <label>
          <span>{t('dispatch.send.priority')}</span>
          <select
            value={priority}
            onChange={(e) => setPriority(PRIORITIES.find((p) => p === e.target.value) ?? 'normal')}
            data-testid="send-priority"
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`dispatch.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span>{t('dispatch.send.note')}</span>
          <textarea
            value={note}
            rows={2}
            maxLength={2000}
            placeholder={t('dispatch.send.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            data-testid="send-note"
          />
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="send-error">
          {t('dispatch.send.failed', { message: error })}
        </p>
      )}
      <div className="section-head">
        <h4>{t('dispatch.send.candidates')}</h4>
        <button type="button" className="small" onClick={refresh}>
          {t('dispatch.send.reload')}
        </button>
      </div>
      {candidates.status === 'loading' && <p className="muted">{t('dispatch.send.loading')}</p>}
      {candidates.status === 'error' && (
        <p className="form-error" role="alert">
          {t('dispatch.send.candidatesError', { message: candidates.message })}
        </p>
      )}
      {candidates.status === 'ready' && list.length === 0 && (
        <p className="muted empty">{t('dispatch.send.noCandidates')}</p>
      )}
      {candidates.status === 'ready' && list.length > 0 && !anyEligible && (
        <p className="hint" data-testid="none-eligible">
          {t('dispatch.send.noneEligible')}
        </p>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="table compact candidates">
            <thead>
              <tr>
                <th scope="col">{t('dispatch.send.col.group')}</th>
                <th scope="col">{t('dispatch.send.col.status')}</th>
                <th scope="col">{t('dispatch.send.col.vehicle')}</th>
                <th scope="col" className="num">
                  {t('dispatch.send.col.distance')}
                </th>
                <th scope="col" className="num">
                  {t('dispatch.send.col.eta')}
                </th>
                <th scope="col">{t('dispatch.send.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                // A busy group (on duty, holding a dispatch) may be given the next one explicitly.
                const queueable = !c.eligible && c.reasons.includes('busy') && !c.reasons.includes('off_duty');
                return (
                  <tr
                    key={c.group.id}
                    data-testid="candidate"
                    data-group-id={c.group.id}
                    data-eligible={c.eligible ? 'true' : 'false'}
                    className={c.eligible ? undefined : 'not-eligible'}
                  >
                    <td>
                      <strong>{c.group.name}</strong>
                      {!c.eligible && (
                        <div className="reasons" data-testid="candidate-reasons">
                          {t('dispatch.send.notEligible', {
                            reasons: c.reasons.map((r) => t(`dispatch.reason.${r}`)).join(', '),
                          })}
                        </div>
                      )}
                    </td>
                    <td>
                      <span className={`gs gs-${c.status}`}>{t(`dispatch.groupStatus.${c.status}`)}</span>
                    </td>
                    <td>{t(c.group.vehicle ? 'dispatch.vehicle.yes' : 'dispatch.vehicle.no')}</td>
                    <td className="num">
                      {c.distanceKm === null
                        ? t('dispatch.send.unknown')
                        : t('dispatch.send.km', { km: km.format(c.distanceKm) })}
                    </td>
                    <td className="num">
                      {c.etaMinutes === null
                        ? t('dispatch.send.unknown')
                        : t('dispatch.send.eta', { count: c.etaMinutes })}
                    </td>
                    <td>
                      {c.eligible && (
                        <button
                          type="button"
                          className="primary"
                          disabled={sending !== null}
                          onClick={() => send(c, false)}
                          data-testid="dispatch-button"
                        >
                          {sending === c.group.id ? t('dispatch.send.sending') : t('dispatch.send.dispatch')}
                        </button>
                      )}
                      {queueable && (
                        <button
                          type="button"
                          disabled={sending !== null}
                          onClick={() => send(c, true)}
                          data-testid="queue-button"
                        >
                          {sending === c.group.id ? t('dispatch.send.sending') : t('dispatch.send.queue')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

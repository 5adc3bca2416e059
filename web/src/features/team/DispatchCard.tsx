import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISPATCH_MOVES,
  MEMBER_MOVES,
  OUTCOMES,
  type DispatchStatus,
  type DispatchTransition,
  type HelpCall,
  type Outcome,
  type TeamDispatch,
  type TeamViolation,
} from '../../../../shared/dispatch.ts';
import { formatArticle } from '../../../../shared/violations.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { StepItem } from './step-outbox.ts';
import { geoUri, localTime } from './team-format.ts';

type Step = Omit<DispatchTransition, 'at'>;

/** The steps the team may take from a status; acknowledging is the ringing alert's own button. */
function stepsFrom(status: DispatchStatus): Step['to'][] {
  return DISPATCH_MOVES[status].filter(
    (s): s is Step['to'] => MEMBER_MOVES.includes(s) && s !== 'acknowledged' && s !== 'pending',
  );
}

/** The dispatch the group holds now: where, why, what HQ said, and the buttons for the next step. */
export function CurrentDispatch({
  dispatch,
  status,
  waiting,
  onStep,
}: {
  dispatch: TeamDispatch;
  /** As the phone shows it: the server's status moved on by the steps still waiting to be sent. */
  status: DispatchStatus;
  waiting: StepItem[];
  onStep: (step: Step) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<'resolved' | 'declined' | null>(null);
  const moves = stepsFrom(status);
  const shownForm = form && moves.includes(form) ? form : null;
  const done = (step: Step) => {
    setForm(null);
    onStep(step);
  };

  return (
    <article
      className={`team-card team-current priority-${dispatch.priority}`}
      data-testid="current-dispatch"
      data-status={status}
      data-dispatch-id={dispatch.id}
      aria-labelledby="team-current-title"
    >
      <p className="team-kicker">{t('team.dispatch.title')}</p>
      <DispatchHead dispatch={dispatch} headingId="team-current-title" />
      <p className={`team-status status-${status}`} role="status">
        {t(`team.status.${status}`)}
        {status !== dispatch.status && <span className="team-unsent"> · {t('team.dispatch.waitingToSend')}</span>}
      </p>
      <a className="team-navigate" href={geoUri(dispatch.station)} data-testid="navigate-link">
        {t('team.dispatch.navigate')} ➜
      </a>

      {shownForm === 'resolved' ? (
        <ResolveForm onBack={() => setForm(null)} onDone={done} />
      ) : shownForm === 'declined' ? (
        <DeclineForm onBack={() => setForm(null)} onDone={done} />
      ) : (
        moves.length > 0 && (
          <div className="team-steps">
            {moves.map((to) => (
              <button
                key={to}
                type="button"
                className={`team-step step-${to}`}
                data-testid={`step-${to}`}
                onClick={() => (to === 'resolved' || to === 'declined' ? setForm(to) : onStep({ to }))}
              >
                {t(`team.steps.${to}`)}
              </button>
            ))}
          </div>
        )
      )}

      <DispatchBody dispatch={dispatch} />

      {(dispatch.transitions.length > 0 || waiting.length > 0) && (
        <details className="team-history">
          <summary>{t('team.dispatch.history')}</summary>
          <ol>
            {dispatch.transitions.map((s) => (
              <li key={`${s.status}-${s.at}`}>
                {t('team.dispatch.stepBy', {
                  time: localTime(s.at),
                  status: t(`team.status.${s.status}`),
                  name: s.by.name,
                })}
                {s.note && <q>{s.note}</q>}
              </li>
            ))}
            {waiting.map((w) => (
              <li key={w.id} className="team-unsent">
                {localTime(w.transition.at ?? new Date(w.createdAt).toISOString())}{' '}
                {t(`team.status.${w.transition.to}`)} — {t('team.dispatch.waitingToSend')}
              </li>
            ))}
          </ol>
        </details>
      )}
    </article>
  );
}

/** Station number, address, priority: the lines every dispatch shows first. */
export function DispatchHead({ dispatch, headingId }: { dispatch: TeamDispatch; headingId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 id={headingId} className="team-station-title">
        {t('team.dispatch.station', { number: dispatch.station.number })}
        <span className={`team-priority priority-${dispatch.priority}`}>{t(`team.priority.${dispatch.priority}`)}</span>
      </h3>
      <p className="team-address">{dispatch.station.address}</p>
    </>
  );
}

/** HQ's note, who sent it, and the violation or help call behind it. */
export function DispatchBody({ dispatch }: { dispatch: TeamDispatch }) {
  const { t } = useTranslation();
  return (
    <>
      {dispatch.note && (
        <blockquote className="team-note">
          <strong>{t('team.dispatch.note')}:</strong> {dispatch.note}
        </blockquote>
      )}
      <p className="muted">
        {t('team.dispatch.sentBy', { name: dispatch.createdBy.name, time: localTime(dispatch.createdAt) })}
      </p>
      {dispatch.violation && <ViolationFacts violation={dispatch.violation} />}
      {dispatch.target.kind === 'help' && dispatch.help && <HelpFacts help={dispatch.help} />}
    </>
  );
}

function ViolationFacts({ violation }: { violation: TeamViolation }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const title = violation.category.title[language];
  return (
    <section className="team-facts" aria-label={t('team.violation.title')}>
      <h4>
        {t('team.violation.title')}: {title}
      </h4>
      {violation.otherText && <p>{violation.otherText}</p>}
      <p>
        <span className={`team-severity severity-${violation.severity}`}>
          {t(`team.severity.${violation.severity}`)}
        </span>{' '}
        {violation.category.article && formatArticle(violation.category.article, language)}
      </p>
      {violation.description && <p className="team-description">{violation.description}</p>}
      <p className="muted">{t('team.violation.observed', { time: localTime(violation.observedAt) })}</p>
      {violation.evidence.length > 0 && (
        <>
          <h5>{t('team.violation.evidence')}</h5>
          <ul className="team-evidence" data-testid="team-evidence">
            {violation.evidence.map((e) => (
              <li key={e.id}>
                {e.state === 'complete' ? (
                  <a
                    href={`/api/evidence/${e.id}/content`}
                    target="_blank"
                    rel="noopener"
                    title={t('team.violation.open')}
                    aria-label={`${t(`team.violation.${e.kind}`)}: ${t('team.violation.open')}`}
                  >
                    {e.hasThumbnail ? (
                      <img src={`/api/evidence/${e.id}/thumbnail`} alt="" loading="lazy" width={96} height={96} />
                    ) : (
                      <span>{t(`team.violation.${e.kind}`)}</span>
                    )}
                  </a>
                ) : (
                  // The observer's phone is still sending it: nothing to open yet.
                  <span className="team-evidence-pending">
                    {t(`team.violation.${e.kind}`)} <small>({t('team.violation.uploading')})</small>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function HelpFacts({ help }: { help: HelpCall }) {
  const { t } = useTranslation();
  return (
    <section className="team-facts team-help" aria-label={t('team.help.title')}>
      <h4>
        {t('team.help.title')}
        {help.reason && `: ${t(`team.help.reason.${help.reason}`)}`}
      </h4>
      {help.note && <p className="team-description">{help.note}</p>}
      {help.at && <p className="muted">{t('team.help.at', { time: localTime(help.at) })}</p>}
      {!help.open && <p className="muted">{t('team.help.closed')}</p>}
    </section>
  );
}

function ResolveForm({ onBack, onDone }: { onBack: () => void; onDone: (step: Step) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return;
    onDone({ to: 'resolved', outcome, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="team-form" onSubmit={submit} data-testid="resolve-form">
      <fieldset>
        <legend>{t('team.resolve.title')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="team-choice">
            <input
              type="radio"
              name="outcome"
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
              data-testid={`outcome-${o}`}
            />
            {t(`team.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <label className="field-input">
        <span>{t('team.resolve.note')}</span>
        <textarea name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="team-form-actions">
        <button type="submit" className="primary" disabled={!outcome} data-testid="confirm-resolved">
          {t('team.resolve.confirm')}
        </button>
        <button type="button" onClick={onBack}>
          {t('team.resolve.back')}
        </button>
      </div>
    </form>
  );
}

function DeclineForm({ onBack, onDone }: { onBack: () => void; onDone: (step: Step) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDone({ to: 'declined', ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="team-form" onSubmit={submit} data-testid="decline-form">
      <label className="field-input">
        <span>{t('team.decline.note')}</span>
        <textarea name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="team-form-actions">
        <button type="submit" className="team-danger" data-testid="confirm-declined">
          {t('team.decline.confirm')}
        </button>
        <button type="button" onClick={onBack}>
          {t('team.resolve.back')}
        </button>
      </div>
    </form>
  );
}

import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';
import { COUNTING_STEPS, type ReportBody, type ReportKind } from '../../../../shared/reports.ts';
import { ACCESSIBILITY_FEATURES, type AccessibilityFeature } from '../../../../shared/stations.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { useOutbox } from './use-outbox.ts';
import { useStation } from './use-station.ts';
import { useTally } from './use-tally.ts';
import { useViolations } from './use-violations.ts';
import { useViolationCategories } from './violation-categories.ts';
import { useViolationRoute } from './violation-route.ts';
import { ViolationFlow } from './ViolationFlow.tsx';
import { ViolationSection } from './ViolationList.tsx';
import { ProtocolStep } from './ProtocolStep.tsx';

const STEPS: ReportKind[] = [
  'arrival',
  'opening',
  'voting_started',
  'turnout',
  'closing',
  'counting',
  'protocol',
  'departure',
];

/** The observer's phone: the day step by step, the own count, Help, and the outbox. */
export function FieldPage({ user, offline }: { user: SessionUser; offline: boolean }) {
  const { t, i18n } = useTranslation();
  const { station, status } = useStation();
  const outbox = useOutbox(station ? { id: station.id, electionId: station.electionId } : null);
  const [open, setOpen] = useState<ReportKind | null>(null);
  const [helpSent, setHelpSent] = useState(false);
  const violations = useViolations(station ? { id: station.id, electionId: station.electionId } : null);
  const categories = useViolationCategories();
  const [violationRoute, openViolation] = useViolationRoute();

  if (!station) {
    return (
      <section className="field" data-testid="field-view">
        <p className="state" role="status">
          {status === 'loading'
            ? t('app.loading')
            : status === 'none'
              ? t('field.noStation')
              : t('field.offlineNoData')}
        </p>
      </section>
    );
  }

  const chairName = [...outbox.items]
    .reverse()
    .map((i) => (i.envelope.body.kind === 'arrival' ? i.envelope.body.chairName : undefined))
    .find(Boolean);
  const done = (kind: ReportKind) => outbox.items.some((i) => i.envelope.body.kind === kind && i.state !== 'rejected');
  const record = async (body: ReportBody) => {
    await outbox.record(body);
    setOpen(null);
  };

  if (violationRoute) {
    return (
      <section className="field" data-testid="field-view">
        {violations.loaded ? (
          <ViolationFlow
            api={violations}
            violationId={violationRoute === 'new' ? null : violationRoute}
            stationNumber={station.number}
            categories={categories}
            offline={offline}
            onOpen={(id) => openViolation(id, true)}
            onClose={() => openViolation(null)}
          />
        ) : (
          <p className="state" role="status">
            {t('app.loading')}
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="field" data-testid="field-view" aria-labelledby="field-title">
      <header className="field-head">
        <h2 id="field-title">{t('field.station', { number: station.number })}</h2>
        <p>
          {station.locality}, {station.address}
        </p>
        {chairName && <p>{t('field.chair', { name: chairName })}</p>}
        <p className="muted">{user.name}</p>
      </header>

      <div
        className={`outbox-banner ${outbox.waiting > 0 ? 'waiting' : 'clear'}`}
        role="status"
        data-testid="waiting-banner"
      >
        <strong data-testid="waiting-count">{t('field.waiting', { count: outbox.waiting })}</strong>
        <span>{offline || !navigator.onLine ? t('field.offline') : outbox.sending ? t('field.sending') : ''}</span>
        {outbox.waiting > 0 && (
          <button type="button" onClick={() => void outbox.flush()}>
            {t('field.retry')}
          </button>
        )}
      </div>

      <button
        type="button"
        className="help-button"
        data-testid="help-button"
        onClick={() => {
          void outbox.record({ kind: 'help', reason: 'other' });
          setHelpSent(true);
        }}
      >
        {t('field.help')}
      </button>
      {helpSent && (
        <p className="help-note" role="alert">
          {t('field.helpSent')}
        </p>
      )}

      <ViolationSection
        api={violations}
        stationId={station.id}
        categories={categories}
        offline={offline}
        onOpen={openViolation}
      />

      <Tally stationId={station.id} onUse={() => setOpen('turnout')} />

      <ol className="steps">
        {STEPS.map((kind) => (
          <li key={kind} className={done(kind) ? 'done' : undefined}>
            <button
              type="button"
              className="step"
              aria-expanded={open === kind}
              data-testid={`step-${kind}`}
              onClick={() => setOpen(open === kind ? null : kind)}
            >
              <span>{t(`field.steps.${kind}`)}</span>
              {done(kind) && <span aria-label={t('field.done')}>✓</span>}
            </button>
            {open === kind && (
              <div className="step-form">
                {kind === 'protocol' ? (
                  <ProtocolStep station={station} outbox={outbox} reachable={done('closing') || done('counting')} />
                ) : (
                  <StepForm kind={kind} stationId={station.id} onSubmit={(body) => void record(body)} />
                )}
              </div>
            )}
          </li>
        ))}
      </ol>

      <h3>{t('field.outbox')}</h3>
      {outbox.items.length === 0 ? (
        <p className="muted">{t('field.nothingYet')}</p>
      ) : (
        <ul className="outbox" data-testid="outbox">
          {[...outbox.items].reverse().map((item) => (
            <li key={item.id} className={`outbox-${item.state}`} data-state={item.state}>
              <span>{t(`field.steps.${item.envelope.body.kind}`)}</span>
              <span className="muted">{formatLocalTime(item.envelope.deviceTime, i18n.language)}</span>
              <span>{t(`field.state.${item.state}`)}</span>
              {item.error && <span className="form-error">{item.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Tally({ stationId, onUse }: { stationId: number; onUse: () => void }) {
  const { t } = useTranslation();
  const tally = useTally(stationId);
  return (
    <div className="tally" aria-label={t('field.tally')}>
      <span className="tally-count" data-testid="tally-count">
        {tally.count}
      </span>
      <button type="button" className="tally-plus" data-testid="tally-plus" onClick={tally.plus}>
        +1
      </button>
      <button type="button" className="tally-minus" onClick={tally.minus} aria-label={t('field.tallyMinus')}>
        −1
      </button>
      <button type="button" className="link" onClick={onUse}>
        {t('field.sendTurnout')}
      </button>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field-input">
      <span>{label}</span>
      {children}
    </label>
  );
}

const num = (value: string): number | null => (value.trim() === '' ? null : Math.max(0, Math.floor(Number(value))));

/** One form per step; times are "now" on the phone. */
function StepForm({
  kind,
  stationId,
  onSubmit,
}: {
  kind: ReportKind;
  stationId: number;
  onSubmit: (body: ReportBody) => void;
}) {
  const { t } = useTranslation();
  const tally = useTally(stationId);
  const [values, setValues] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<Record<string, boolean>>({});
  const [features, setFeatures] = useState<AccessibilityFeature[]>([]);
  const value = (name: string) => values[name] ?? '';
  const check = (name: string) => checks[name] ?? false;
  const input = (name: string, type: 'number' | 'text' = 'number') => (
    <input
      name={name}
      type={type}
      inputMode={type === 'number' ? 'numeric' : undefined}
      min={0}
      value={value(name)}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
    />
  );
  const box = (name: string) => (
    <label className="check" key={name}>
      <input
        type="checkbox"
        name={name}
        checked={check(name)}
        onChange={(e) => setChecks({ ...checks, [name]: e.target.checked })}
      />
      {t(`field.checks.${name}`)}
    </label>
  );
  const now = () => new Date().toISOString();

  function submit(event: FormEvent) {
    event.preventDefault();
    switch (kind) {
      case 'arrival':
        return onSubmit({
          kind,
          credentialHandedToChair: check('credentialHandedToChair'),
          admitted: !check('refused'),
          ...(value('chairName') ? { chairName: value('chairName') } : {}),
          ...(check('refused') && value('refusalReason') ? { refusalReason: value('refusalReason') } : {}),
        });
      case 'opening':
        return onSubmit({
          kind,
          registeredVoters: num(value('registeredVoters')),
          boothsChecked: check('boothsChecked'),
          pensNotPencils: check('pensNotPencils'),
          boxIntactAndSealed: check('boxIntactAndSealed'),
          ballotsCounted: check('ballotsCounted'),
          ballotsReceived: num(value('ballotsReceived')),
          openingProtocolPosted: check('openingProtocolPosted'),
          accessibility: features,
          commissionMembersPresent: num(value('commissionMembersPresent')),
        });
      case 'voting_started':
        return onSubmit({ kind, at: now() });
      case 'turnout':
        return onSubmit({
          kind,
          at: now(),
          chairFigure: num(value('chairFigure')) ?? 0,
          ownCount: value('ownCount') === '' ? tally.count : num(value('ownCount')),
          portableBoxRequests: num(value('portableBoxRequests')),
        });
      case 'closing':
        return onSubmit({ kind, closedAt: now(), votedPerChair: num(value('votedPerChair')) ?? 0 });
      case 'counting':
        return onSubmit({ kind, steps: Object.fromEntries(COUNTING_STEPS.map((s) => [s, check(s)])) });
      case 'departure':
        return onSubmit({ kind, leftAt: now(), protocolCopyReceived: check('protocolCopyReceived') });
      case 'help':
        return onSubmit({ kind, reason: 'other' });
    }
  }

  return (
    <form onSubmit={submit} data-testid={`form-${kind}`}>
      {kind === 'arrival' && (
        <>
          {box('credentialHandedToChair')}
          {box('refused')}
          <Field label={t('field.inputs.chairName')}>{input('chairName', 'text')}</Field>
          {check('refused') && <Field label={t('field.inputs.refusalReason')}>{input('refusalReason', 'text')}</Field>}
        </>
      )}
      {kind === 'opening' && (
        <>
          <Field label={t('field.inputs.registeredVoters')}>{input('registeredVoters')}</Field>
          {['boothsChecked', 'pensNotPencils', 'boxIntactAndSealed', 'ballotsCounted', 'openingProtocolPosted'].map(
            box,
          )}
          <Field label={t('field.inputs.ballotsReceived')}>{input('ballotsReceived')}</Field>
          <Field label={t('field.inputs.commissionMembersPresent')}>{input('commissionMembersPresent')}</Field>
          <fieldset>
            <legend>{t('field.accessibility')}</legend>
            {ACCESSIBILITY_FEATURES.map((f) => (
              <label className="check" key={f}>
                <input
                  type="checkbox"
                  checked={features.includes(f)}
                  onChange={(e) => setFeatures(e.target.checked ? [...features, f] : features.filter((x) => x !== f))}
                />
                {t(`field.features.${f}`)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {kind === 'turnout' && (
        <>
          <Field label={t('field.inputs.chairFigure')}>{input('chairFigure')}</Field>
          <Field label={t('field.inputs.ownCount', { count: tally.count })}>{input('ownCount')}</Field>
          <Field label={t('field.inputs.portableBoxRequests')}>{input('portableBoxRequests')}</Field>
        </>
      )}
      {kind === 'closing' && <Field label={t('field.inputs.votedPerChair')}>{input('votedPerChair')}</Field>}
      {kind === 'counting' && COUNTING_STEPS.map(box)}
      {kind === 'departure' && box('protocolCopyReceived')}
      <button type="submit" className="primary" data-testid={`submit-${kind}`}>
        {t('field.record')}
      </button>
    </form>
  );
}

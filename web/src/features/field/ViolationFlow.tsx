import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACT_COPIES,
  INVOLVED,
  SIGNATURES,
  actRefused,
  type Act,
  type CoSigner,
  type Involved,
  type Signature,
  type ViolationCategory,
  type ViolationChange,
  formatArticle,
} from '../../../../shared/violations.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { uuid } from '../../lib/uuid.ts';
import type { ViolationsApi } from './use-violations.ts';
import { RefusalText, WaitingCounter, categoryTitle } from './ViolationList.tsx';
import {
  FIELD_PHASES,
  fromLocalInput,
  groupCategories,
  percent,
  resumeStep,
  toLocalInput,
  type EvidenceItem,
  type FieldPhase,
  type FlowStep,
  type ViolationSummary,
} from './violation-state.ts';

const STEPS: FlowStep[] = ['what', 'evidence', 'chair', 'outcome'];
const CO_SIGNER_ROLES: CoSigner['role'][] = ['observer', 'proxy', 'media', 'voter'];
/** A clock a few minutes fast is common; a time further ahead is a typo. */
const FUTURE_SLACK_MS = 5 * 60_000;

type Errors = Partial<Record<string, string>>;

/**
 * The observer's algorithm on one screen per step: what happened → photos and video → the chair
 * told → corrected, or an act. Each step is saved on the phone at once and sent when it can be.
 */
export function ViolationFlow({
  api,
  violationId,
  stationNumber,
  categories,
  offline,
  onOpen,
  onClose,
}: {
  api: ViolationsApi;
  violationId: string | null;
  stationNumber: number;
  categories: readonly ViolationCategory[];
  offline: boolean;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const v = api.violations.find((x) => x.id === violationId);
  const [step, setStep] = useState<FlowStep>(() => resumeStep(v));
  const heading = useRef<HTMLHeadingElement>(null);

  // A new step is announced and keyboard focus starts at its top.
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  if (violationId && !v) {
    return (
      <div className="vflow">
        <p className="state" role="status">
          {t('fieldViolation.notFound')}
        </p>
        <button type="button" onClick={onClose}>
          {t('fieldViolation.back')}
        </button>
      </div>
    );
  }

  return (
    <div className="vflow" data-testid="violation-flow">
      <div className="vflow-top">
        <button type="button" className="link" onClick={onClose} data-testid="violation-back">
          ← {t('fieldViolation.back')}
        </button>
      </div>
      <WaitingCounter api={api} offline={offline} />
      <nav aria-label={t('fieldViolation.flow.label')}>
        <ol className="vflow-steps">
          {STEPS.map((s, i) => (
            <li key={s} className={v && stepDone(v, s) ? 'done' : undefined}>
              <button
                type="button"
                aria-current={step === s ? 'step' : undefined}
                disabled={!v && s !== 'what'}
                onClick={() => setStep(s)}
                data-testid={`violation-step-${s}`}
              >
                <span className="vflow-step-n">{i + 1}</span>
                <span>{t(`fieldViolation.flow.${s}`)}</span>
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <h2 ref={heading} tabIndex={-1} className="vflow-title">
        {t('fieldViolation.flow.stepOf', { n: STEPS.indexOf(step) + 1 })}: {t(`fieldViolation.flow.${step}`)}
      </h2>
      {v && (
        <p className="vflow-subject">
          {categoryTitle(categories, v, i18n.language)} · {formatLocalTime(v.observedAt, i18n.language)} ·{' '}
          {t(`fieldViolation.status.${v.status}`)}
        </p>
      )}
      {v?.refused && (
        <p className="form-error" role="alert">
          {t('fieldViolation.list.refused')} <RefusalText refusal={v.refused} />
        </p>
      )}
      {step === 'what' && (
        <WhatStep
          api={api}
          violation={v}
          stationNumber={stationNumber}
          categories={categories}
          onSaved={(id) => {
            if (!v) onOpen(id);
            setStep('evidence');
          }}
        />
      )}
      {step === 'evidence' && v && <EvidenceStep api={api} violation={v} onNext={() => setStep('chair')} />}
      {step === 'chair' && v && <ChairStep api={api} violation={v} onSaved={() => setStep('outcome')} />}
      {step === 'outcome' && v && (
        <OutcomeStep api={api} violation={v} categories={categories} stationNumber={stationNumber} onDone={onClose} />
      )}
    </div>
  );
}

function stepDone(v: ViolationSummary, step: FlowStep): boolean {
  switch (step) {
    case 'what':
      return true;
    case 'evidence':
      return v.files.some((f) => f.purpose === 'evidence');
    case 'chair':
      return v.chair !== null;
    case 'outcome':
      return v.act !== null || v.corrected !== null;
  }
}

/** Checkboxes over a fixed list; the chosen ones are kept in the list's own order. */
function CheckGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  label,
  testId,
}: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (next: T[]) => void;
  label: (option: T) => string;
  testId: (option: T) => string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label className="check" key={option}>
          <input
            type="checkbox"
            checked={value.includes(option)}
            data-testid={testId(option)}
            onChange={(e) => onChange(options.filter((o) => (o === option ? e.target.checked : value.includes(o))))}
          />
          {label(option)}
        </label>
      ))}
    </fieldset>
  );
}

function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <label className="field-input">
      <span>{label}</span>
      {hint && <span className="muted small-text">{hint}</span>}
      {children}
      {error && <span className="form-error">{error}</span>}
    </label>
  );
}

function SaveButton({ busy, label }: { busy: boolean; label: string }) {
  return (
    <button type="submit" className="primary" data-testid="violation-save" disabled={busy}>
      {label}
    </button>
  );
}

/** Step 1: saved as `noticed` at once, so nothing is lost if the phone is put away. Later: `detail`. */
function WhatStep({
  api,
  violation,
  stationNumber,
  categories,
  onSaved,
}: {
  api: ViolationsApi;
  violation: ViolationSummary | undefined;
  stationNumber: number;
  categories: readonly ViolationCategory[];
  onSaved: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [phase, setPhase] = useState<FieldPhase | 'all'>('all');
  const [search, setSearch] = useState('');
  const [code, setCode] = useState(violation?.categoryCode ?? '');
  const [otherText, setOtherText] = useState(violation?.otherText ?? '');
  const [time, setTime] = useState(() => toLocalInput(violation?.observedAt ?? new Date().toISOString()));
  const [description, setDescription] = useState(violation?.description ?? '');
  const [involved, setInvolved] = useState<Involved[]>(violation?.involved ?? []);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const groups = useMemo(
    () => groupCategories(categories, { phase, search, language, now: new Date() }),
    [categories, phase, search, language],
  );
  const chosen = categories.find((c) => c.code === code);
  const shown = groups.some((g) => g.items.some((c) => c.code === code));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    const observedAt = fromLocalInput(time);
    if (!violation) {
      if (!chosen) next.category = t('fieldViolation.errors.category');
      if (code === 'other' && !otherText.trim()) next.otherText = t('fieldViolation.errors.otherText');
      if (!observedAt) next.time = t('fieldViolation.errors.time');
      else if (Date.parse(observedAt) > Date.now() + FUTURE_SLACK_MS) next.time = t('fieldViolation.errors.future');
    }
    if (!description.trim()) next.description = t('fieldViolation.errors.description');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      if (!violation) {
        const id = uuid();
        await api.record(id, {
          kind: 'noticed',
          categoryCode: code,
          ...(code === 'other' ? { otherText: otherText.trim() } : {}),
          observedAt: observedAt!,
          description: description.trim(),
          involved,
        });
        onSaved(id);
      } else {
        const changed = description.trim() !== violation.description;
        const changedWho = involved.join() !== violation.involved.join();
        if (changed || changedWho)
          await api.record(violation.id, {
            kind: 'detail',
            ...(changed ? { description: description.trim() } : {}),
            ...(changedWho ? { involved } : {}),
          });
        setSaved(true);
        onSaved(violation.id);
      }
    } catch (error) {
      setErrors({ form: t('fieldViolation.errors.save', { message: (error as Error).message }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="vflow-form" onSubmit={(e) => void submit(e)} noValidate>
      {violation ? (
        <p className="muted">{t('fieldViolation.what.fixed', { number: stationNumber })}</p>
      ) : (
        <>
          <fieldset className="vflow-phases">
            <legend>{t('fieldViolation.what.phase')}</legend>
            {(['all', ...FIELD_PHASES] as const).map((p) => (
              <label key={p} className="chip">
                <input
                  type="radio"
                  name="violation-phase"
                  value={p}
                  checked={phase === p}
                  onChange={() => setPhase(p)}
                />
                {t(`fieldViolation.phases.${p}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('fieldViolation.what.search')}>
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="violation-category-search"
            />
          </Field>
          <Field label={t('fieldViolation.what.category')} error={errors.category}>
            <select
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="violation-category"
              aria-invalid={errors.category ? true : undefined}
              size={1}
            >
              <option value="">{t('fieldViolation.what.choose')}</option>
              {chosen && !shown && <option value={chosen.code}>{chosen.title[language]}</option>}
              {groups.map((g) => (
                <optgroup key={g.phase} label={t(`fieldViolation.phases.${g.phase}`)}>
                  {g.items.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.title[language]} ({formatArticle(c.article, language)})
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          {groups.length === 0 && <p className="muted">{t('fieldViolation.what.noMatch')}</p>}
          {chosen && (
            <div className="vflow-hint" data-testid="violation-category-hint">
              <strong>{t('fieldViolation.what.article', { article: formatArticle(chosen.article, language) })}</strong>
              <p>{chosen.hint[language]}</p>
            </div>
          )}
          {code === 'other' && (
            <Field label={t('fieldViolation.what.otherText')} error={errors.otherText}>
              <input
                type="text"
                maxLength={500}
                value={otherText}
                onChange={(e) => setOtherText(e.target.value)}
                data-testid="violation-other-text"
              />
            </Field>
          )}
          <Field label={t('fieldViolation.what.time')} error={errors.time}>
            <span className="vflow-time">
              <input
                type="datetime-local"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                data-testid="violation-time"
              />
              <button type="button" onClick={() => setTime(toLocalInput(new Date().toISOString()))}>
                {t('fieldViolation.what.now')}
              </button>
            </span>
          </Field>
        </>
      )}
      <Field
        label={t('fieldViolation.what.description')}
        hint={t('fieldViolation.what.descriptionHint')}
        error={errors.description}
      >
        <textarea
          rows={5}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="violation-description"
        />
      </Field>
      <CheckGroup
        legend={t('fieldViolation.what.involved')}
        options={INVOLVED}
        value={involved}
        onChange={setInvolved}
        label={(role) => t(`fieldViolation.involved.${role}`)}
        testId={(role) => `violation-involved-${role}`}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      {saved && (
        <p className="muted" role="status">
          {t('fieldViolation.what.saved')}
        </p>
      )}
      <SaveButton busy={busy} label={violation ? t('fieldViolation.what.saveDetail') : t('fieldViolation.what.save')} />
    </form>
  );
}

/** Step 2: files are written to the phone at once; the sender takes them part by part. */
function EvidenceStep({
  api,
  violation,
  onNext,
}: {
  api: ViolationsApi;
  violation: ViolationSummary;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string[]>([]);
  const files = violation.files.filter((f) => f.purpose === 'evidence');

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const list = [...(event.target.files ?? [])];
    event.target.value = '';
    if (list.length === 0) return;
    const result = await api.attach(violation.id, list, 'evidence');
    setFailed(result.failed);
  }

  return (
    <div className="vflow-form">
      <p>{t('fieldViolation.evidence.intro')}</p>
      <div className="vflow-pickers">
        <label className="file-button">
          <input
            type="file"
            accept="image/*,video/*"
            capture="environment"
            multiple
            className="visually-hidden"
            onChange={(e) => void pick(e)}
            data-testid="violation-evidence-camera"
          />
          <span aria-hidden="true">📷</span> {t('fieldViolation.evidence.camera')}
        </label>
        <label className="file-button">
          <input
            type="file"
            accept="image/*,video/*"
            multiple
            className="visually-hidden"
            onChange={(e) => void pick(e)}
            data-testid="violation-evidence-input"
          />
          <span aria-hidden="true">🖼</span> {t('fieldViolation.evidence.gallery')}
        </label>
      </div>
      {failed.length > 0 && (
        <p className="form-error" role="alert">
          {t('fieldViolation.errors.storage', { files: failed.join(', ') })}
        </p>
      )}
      {files.length === 0 ? (
        <p className="empty-state">{t('fieldViolation.evidence.none')}</p>
      ) : (
        <ul className="evidence-list">
          {files.map((f) => (
            <EvidenceRow key={f.id} api={api} item={f} testId="violation-evidence-item" />
          ))}
        </ul>
      )}
      <button type="button" className="primary" onClick={onNext} data-testid="violation-next">
        {t('fieldViolation.evidence.next')}
      </button>
    </div>
  );
}

function EvidenceRow({ api, item, testId }: { api: ViolationsApi; item: EvidenceItem; testId: string }) {
  const { t } = useTranslation();
  const state = item.state === 'waiting' && api.uploading === item.id ? 'uploading' : item.state;
  const done = percent(item.state === 'done' ? item.size : item.offset, item.size);
  const video = item.mime.startsWith('video/');
  return (
    <li className={`evidence-item evidence-${state}`} data-testid={testId} data-state={state}>
      {item.thumbnail ? (
        <img src={`data:image/jpeg;base64,${item.thumbnail}`} alt="" className="evidence-thumb" />
      ) : (
        <span className="evidence-thumb evidence-thumb-empty" aria-hidden="true">
          {video ? '🎬' : '📷'}
        </span>
      )}
      <div className="evidence-body">
        <span className="evidence-name">{item.fileName}</span>
        <span className="muted">
          {(item.size / 1048576).toFixed(1)} MB · {t(`fieldViolation.evidence.state.${state}`)}
          {item.preparing && state === 'waiting' ? ` · ${t('fieldViolation.evidence.preparing')}` : ''}
        </span>
        {item.state !== 'rejected' && (
          <span className="evidence-progress">
            <progress max={100} value={done} aria-label={t('fieldViolation.evidence.progress', { percent: done })} />
            <span>{t('fieldViolation.evidence.progress', { percent: done })}</span>
          </span>
        )}
        {item.refusal && (
          <span className="form-error">
            <RefusalText refusal={item.refusal} />
          </span>
        )}
      </div>
      {item.state === 'waiting' && !item.declared && state !== 'uploading' && (
        <button type="button" className="small" onClick={() => void api.remove(item.id)}>
          {t('fieldViolation.evidence.remove')}
        </button>
      )}
    </li>
  );
}

/** Step 3: pointing it out to the chair comes before an act (the observer's algorithm). */
function ChairStep({
  api,
  violation,
  onSaved,
}: {
  api: ViolationsApi;
  violation: ViolationSummary;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [told, setTold] = useState<boolean | null>(violation.chair?.told ?? null);
  const [answer, setAnswer] = useState(violation.chair?.answer ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answerId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (told === null) return setError(t('fieldViolation.errors.chair'));
    setBusy(true);
    try {
      await api.record(violation.id, {
        kind: 'chair_notified',
        told,
        ...(answer.trim() ? { chairAnswer: answer.trim() } : {}),
        at: new Date().toISOString(),
      });
      onSaved();
    } catch (e) {
      setError(t('fieldViolation.errors.save', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="vflow-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('fieldViolation.chair.question')}</legend>
        <div className="choice-row">
          <button
            type="button"
            className="choice"
            aria-pressed={told === true}
            onClick={() => setTold(true)}
            data-testid="violation-chair-yes"
          >
            {t('fieldViolation.chair.yes')}
          </button>
          <button
            type="button"
            className="choice"
            aria-pressed={told === false}
            onClick={() => setTold(false)}
            data-testid="violation-chair-no"
          >
            {t('fieldViolation.chair.no')}
          </button>
        </div>
      </fieldset>
      {told !== null && (
        <div className="field-input">
          <label htmlFor={answerId}>{told ? t('fieldViolation.chair.answer') : t('fieldViolation.chair.whyNot')}</label>
          <textarea
            id={answerId}
            rows={3}
            maxLength={2000}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            data-testid="violation-chair-answer"
          />
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <SaveButton busy={busy} label={t('fieldViolation.chair.save')} />
    </form>
  );
}

/** Step 4: the chair corrected it, or the observer writes an act. */
function OutcomeStep({
  api,
  violation,
  categories,
  stationNumber,
  onDone,
}: {
  api: ViolationsApi;
  violation: ViolationSummary;
  categories: readonly ViolationCategory[];
  stationNumber: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<'corrected' | 'act' | null>(
    violation.act ? 'act' : violation.corrected ? 'corrected' : null,
  );
  const [editing, setEditing] = useState(!violation.act && !violation.corrected);

  if (!editing) {
    return (
      <div className="vflow-form">
        {violation.act ? (
          <ActSummary api={api} violation={violation} act={violation.act} />
        ) : (
          <p role="status">
            {t('fieldViolation.outcome.correctedDone')}
            {violation.corrected?.note ? ` ${violation.corrected.note}` : ''}
          </p>
        )}
        <button type="button" onClick={() => setEditing(true)} data-testid="violation-outcome-edit">
          {violation.act ? t('fieldViolation.outcome.editAct') : t('fieldViolation.outcome.change')}
        </button>
        <button type="button" className="primary" onClick={onDone} data-testid="violation-done">
          {t('fieldViolation.back')}
        </button>
      </div>
    );
  }

  const saved = () => setEditing(false);
  return (
    <div className="vflow-form">
      <fieldset>
        <legend>{t('fieldViolation.outcome.question')}</legend>
        <div className="choice-row">
          <button
            type="button"
            className="choice"
            aria-pressed={choice === 'corrected'}
            onClick={() => setChoice('corrected')}
            data-testid="violation-outcome-corrected"
          >
            {t('fieldViolation.outcome.corrected')}
          </button>
          <button
            type="button"
            className="choice"
            aria-pressed={choice === 'act'}
            onClick={() => setChoice('act')}
            data-testid="violation-outcome-act"
          >
            {t('fieldViolation.outcome.act')}
          </button>
        </div>
      </fieldset>
      {choice === 'corrected' && <CorrectedForm api={api} violation={violation} onSaved={saved} />}
      {choice === 'act' && (
        <ActForm
          api={api}
          violation={violation}
          categories={categories}
          stationNumber={stationNumber}
          onSaved={saved}
        />
      )}
    </div>
  );
}

function CorrectedForm({
  api,
  violation,
  onSaved,
}: {
  api: ViolationsApi;
  violation: ViolationSummary;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState(violation.corrected?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.record(violation.id, {
        kind: 'corrected',
        ...(note.trim() ? { note: note.trim() } : {}),
        at: new Date().toISOString(),
      });
      onSaved();
    } catch (e) {
      setError(t('fieldViolation.errors.save', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="vflow-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('fieldViolation.outcome.correctedNote')}>
        <textarea
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="violation-corrected-note"
        />
      </Field>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <SaveButton busy={busy} label={t('fieldViolation.outcome.saveCorrected')} />
    </form>
  );
}

type CoSignerRow = CoSigner & { key: string };

function ActForm({
  api,
  violation,
  categories,
  stationNumber,
  onSaved,
}: {
  api: ViolationsApi;
  violation: ViolationSummary;
  categories: readonly ViolationCategory[];
  stationNumber: number;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const act = violation.act;
  // A draft the observer corrects: the form's text usually repeats what was noticed.
  const [text, setText] = useState(
    act?.text ??
      t('fieldViolation.act.draft', {
        number: stationNumber,
        time: formatLocalTime(violation.observedAt, i18n.language),
        category: categoryTitle(categories, violation, i18n.language),
        description: violation.description,
      }),
  );
  const [copies, setCopies] = useState<Act['copies']>(act?.copies ?? []);
  const [coSigners, setCoSigners] = useState<CoSignerRow[]>((act?.coSigners ?? []).map((c) => ({ ...c, key: uuid() })));
  const [chair, setChair] = useState<Signature | null>(act?.chairSignature ?? null);
  const [secretary, setSecretary] = useState<Signature | null>(act?.secretarySignature ?? null);
  const [refusalNote, setRefusalNote] = useState(act?.refusalNote ?? '');
  const [photo, setPhoto] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const refused = actRefused({ chairSignature: chair ?? 'signed', secretarySignature: secretary ?? 'signed' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    if (!text.trim()) next.text = t('fieldViolation.errors.actText');
    if (!chair) next.chair = t('fieldViolation.errors.signature');
    if (!secretary) next.secretary = t('fieldViolation.errors.signature');
    if (coSigners.some((c) => !c.name.trim())) next.coSigners = t('fieldViolation.errors.cosigner');
    setErrors(next);
    if (Object.keys(next).length > 0 || !chair || !secretary) return;
    setBusy(true);
    try {
      let photoEvidenceId = act?.photoEvidenceId;
      if (photo) {
        const result = await api.attach(violation.id, [photo], 'act_photo');
        if (result.failed.length > 0) throw new Error(t('fieldViolation.errors.storage', { files: photo.name }));
        photoEvidenceId = result.added[0]?.id;
      }
      const change: ViolationChange = {
        kind: 'act',
        at: new Date().toISOString(),
        act: {
          text: text.trim(),
          copies: ACT_COPIES.filter((c) => copies.includes(c)),
          coSigners: coSigners.map(({ name, role }) => ({ name: name.trim(), role })),
          chairSignature: chair,
          secretarySignature: secretary,
          ...(refused && refusalNote.trim() ? { refusalNote: refusalNote.trim() } : {}),
          ...(photoEvidenceId ? { photoEvidenceId } : {}),
        },
      };
      await api.record(violation.id, change);
      onSaved();
    } catch (e) {
      setErrors({ form: t('fieldViolation.errors.save', { message: (e as Error).message }) });
    } finally {
      setBusy(false);
    }
  }

  const signatureGroup = (who: 'chair' | 'secretary', value: Signature | null, set: (s: Signature) => void) => (
    <fieldset className="signature" aria-invalid={errors[who] ? true : undefined}>
      <legend>{t(`fieldViolation.act.${who}Signature`)}</legend>
      <div className="choice-row">
        {SIGNATURES.map((s) => (
          <label key={s} className="chip">
            <input
              type="radio"
              name={`violation-act-${who}`}
              value={s}
              checked={value === s}
              onChange={() => set(s)}
              data-testid={`violation-act-${who}-${s}`}
            />
            {t(`fieldViolation.act.signature.${s}`)}
          </label>
        ))}
      </div>
      {errors[who] && <span className="form-error">{errors[who]}</span>}
    </fieldset>
  );

  return (
    <form className="vflow-form" onSubmit={(e) => void submit(e)} noValidate data-testid="violation-act-form">
      <p className="muted">{t('fieldViolation.act.intro')}</p>
      <Field label={t('fieldViolation.act.text')} error={errors.text}>
        <textarea
          rows={8}
          maxLength={8000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="violation-act-text"
        />
      </Field>
      <CheckGroup
        legend={t('fieldViolation.act.copies')}
        options={ACT_COPIES}
        value={copies}
        onChange={setCopies}
        label={(c) => t(`fieldViolation.act.copy.${c}`)}
        testId={(c) => `violation-act-copy-${c}`}
      />
      <fieldset>
        <legend>{t('fieldViolation.act.coSigners')}</legend>
        {coSigners.length === 0 && <p className="muted">{t('fieldViolation.act.noCoSigners')}</p>}
        {coSigners.map((row, i) => (
          <div className="cosigner-row" key={row.key}>
            <label className="field-input">
              <span>{t('fieldViolation.act.name')}</span>
              <input
                type="text"
                maxLength={200}
                value={row.name}
                onChange={(e) => setCoSigners(coSigners.map((c, j) => (j === i ? { ...c, name: e.target.value } : c)))}
                data-testid="violation-act-cosigner-name"
              />
            </label>
            <label className="field-input">
              <span>{t('fieldViolation.act.role')}</span>
              <select
                value={row.role}
                onChange={(e) =>
                  setCoSigners(
                    coSigners.map((c, j) => (j === i ? { ...c, role: e.target.value as CoSigner['role'] } : c)),
                  )
                }
                data-testid="violation-act-cosigner-role"
              >
                {CO_SIGNER_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`fieldViolation.act.roles.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="small"
              onClick={() => setCoSigners(coSigners.filter((_, j) => j !== i))}
              data-testid="violation-act-cosigner-remove"
            >
              {t('fieldViolation.act.removeCoSigner')}
            </button>
          </div>
        ))}
        {errors.coSigners && <span className="form-error">{errors.coSigners}</span>}
        {coSigners.length < 20 && (
          <button
            type="button"
            onClick={() => setCoSigners([...coSigners, { name: '', role: 'observer', key: uuid() }])}
            data-testid="violation-act-cosigner-add"
          >
            + {t('fieldViolation.act.addCoSigner')}
          </button>
        )}
      </fieldset>
      {signatureGroup('chair', chair, setChair)}
      {signatureGroup('secretary', secretary, setSecretary)}
      {refused && (
        <div className="vflow-hint" role="note">
          <strong>{t('fieldViolation.act.refusalNotice')}</strong>
          <Field label={t('fieldViolation.act.refusalNote')}>
            <textarea
              rows={3}
              maxLength={1000}
              value={refusalNote}
              onChange={(e) => setRefusalNote(e.target.value)}
              data-testid="violation-act-refusal"
            />
          </Field>
        </div>
      )}
      <Field
        label={act?.photoEvidenceId ? t('fieldViolation.act.photoReplace') : t('fieldViolation.act.photo')}
        hint={t('fieldViolation.act.photoHint')}
      >
        <input
          type="file"
          accept="image/*"
          onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          data-testid="violation-act-photo"
        />
      </Field>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <SaveButton busy={busy} label={t('fieldViolation.act.save')} />
    </form>
  );
}

/** The act as recorded, and its photo: it may be taken after the act (the signatures come last). */
function ActSummary({ api, violation, act }: { api: ViolationsApi; violation: ViolationSummary; act: Act }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const photo = violation.files.find((f) => f.id === act.photoEvidenceId);

  async function addPhoto(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const result = await api.attach(violation.id, [file], 'act_photo');
      const id = result.added[0]?.id;
      if (!id) throw new Error(t('fieldViolation.errors.storage', { files: file.name }));
      await api.record(violation.id, {
        kind: 'act',
        at: new Date().toISOString(),
        act: { ...act, photoEvidenceId: id },
      });
    } catch (e) {
      setError(t('fieldViolation.errors.save', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="act-summary" data-testid="violation-act-summary">
      <p role="status">
        <strong>{t('fieldViolation.outcome.actDone')}</strong>
      </p>
      <p className="act-text">{act.text}</p>
      <ul className="act-facts">
        <li>{t('fieldViolation.act.copiesMade', { count: act.copies.length })}</li>
        <li>{t('fieldViolation.act.coSignerCount', { count: act.coSigners.length })}</li>
        <li>
          {t('fieldViolation.act.chairSignature')}: {t(`fieldViolation.act.signature.${act.chairSignature}`)}
        </li>
        <li>
          {t('fieldViolation.act.secretarySignature')}: {t(`fieldViolation.act.signature.${act.secretarySignature}`)}
        </li>
        {act.refusalNote && <li>{act.refusalNote}</li>}
      </ul>
      {photo ? (
        <ul className="evidence-list">
          <EvidenceRow api={api} item={photo} testId="violation-act-photo-item" />
        </ul>
      ) : (
        <label className="file-button">
          <input
            type="file"
            accept="image/*"
            className="visually-hidden"
            disabled={busy}
            onChange={(e) => void addPhoto(e)}
            data-testid="violation-act-photo"
          />
          <span aria-hidden="true">📷</span> {t('fieldViolation.act.photoAdd')}
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

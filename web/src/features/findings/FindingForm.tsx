import { useEffect, useMemo, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONFIDENCES,
  EDITABLE_STATUSES,
  Finding,
  FindingEdit,
  INSTITUTION_TYPES,
  NewFinding,
  SOURCE_KINDS,
} from '../../../../shared/findings.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { ApiError, getJson } from '../../lib/api-client.ts';
import { uuid } from '../../lib/uuid.ts';
import {
  draftOf,
  dropDraft,
  editOf,
  emptyDraft,
  isConfidence,
  isSourceKind,
  loadDraft,
  storeDraft,
  validate,
  type FieldErrors,
  type FindingDraft,
} from './finding-draft.ts';
import {
  addFiles,
  outboxAvailable,
  readOutbox,
  saveCreate,
  saveEdit,
  sendDirect,
  type FindingOp,
} from './findings-outbox.ts';
import { withWaitingEdits, type EditBase } from './outbox-rules.ts';
import { FindingsTabs } from './FindingsTabs.tsx';
import { useCategories, useFindingsOutbox, useRegions } from './use-findings.ts';
import { useNames, type FindingsPageProps } from './finding-bits.tsx';
import './findings.css';

/** What the form edits: a new finding, one still only on this device, or one on the server. */
type Base =
  | { kind: 'new' }
  | { kind: 'outbox'; refusal: string | null }
  /** `effective`: the server's copy with this device's waiting edits on top (what the form shows). */
  | { kind: 'server'; finding: Finding; effective: EditBase }
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'locked' }
  | { kind: 'error'; message: string };

/**
 * Logging a finding (or editing it until it is verified), from a phone or a laptop. Saving writes
 * it to the device's outbox with its files and goes to its page at once; the sender delivers it
 * when the connection allows. The unsaved form survives a reload (localStorage).
 */
export function FindingForm(props: FindingsPageProps & { findingId: string | null }) {
  // A new form and each finding's form are separate drafts: remount when the id changes.
  return <FormView key={props.findingId ?? 'new'} {...props} />;
}

function FormView({ user, navigate, findingId }: FindingsPageProps & { findingId: string | null }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const regions = useRegions();
  const names = useNames(categories, regions);
  const outbox = useFindingsOutbox(user.id);
  const draftKey = findingId ?? 'new';
  const writeScope = scopeFor(user.role, 'findings.write');
  const myRegions = useMemo(
    () => (writeScope === 'all' ? regions.map((r) => r.code) : user.regions),
    [writeScope, regions, user.regions],
  );

  const [base, setBase] = useState<Base>(findingId ? { kind: 'loading' } : { kind: 'new' });
  const [initial] = useState(() => {
    if (findingId) return { draft: null, restored: false };
    const kept = loadDraft(draftKey);
    return kept ? { draft: kept, restored: true } : { draft: emptyDraft(uuid(), user.regions), restored: false };
  });
  const [restored, setRestored] = useState(initial.restored);
  const [draft, setDraft] = useState<FindingDraft | null>(initial.draft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [files, setFiles] = useState<File[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // Without IndexedDB (some private modes) nothing can wait on the device: saving sends at once.
  const [offlineSaving, setOfflineSaving] = useState(true);
  useEffect(() => {
    let current = true;
    void outboxAvailable().then((available) => current && setOfflineSaving(available));
    return () => {
      current = false;
    };
  }, []);

  // Editing: the device's own unsent copy first, else the server's.
  useEffect(() => {
    if (!findingId) return;
    let current = true;
    void (async () => {
      const kept = loadDraft(draftKey);
      const { ops } = await readOutbox(user.id).catch((): { ops: FindingOp[] } => ({ ops: [] }));
      const local = ops.find((o) => o.kind === 'create' && o.findingId === findingId);
      if (local && local.kind === 'create') {
        if (!current) return;
        setBase({ kind: 'outbox', refusal: local.state === 'rejected' ? (local.refusal?.message ?? '') : null });
        setDraft(kept ?? draftOf(findingId, local.body, local.stationNumber));
        setRestored(kept !== null);
        return;
      }
      try {
        const finding = await getJson(`/api/findings/${findingId}`, Finding);
        if (!current) return;
        if (!finding.may.edit || !EDITABLE_STATUSES.includes(finding.status)) {
          setBase({ kind: 'locked' });
          return;
        }
        const waiting = ops.flatMap((o) =>
          o.kind === 'edit' && o.findingId === findingId && o.state === 'waiting'
            ? [{ body: o.body, stationNumber: o.stationNumber }]
            : [],
        );
        const effective = withWaitingEdits(finding, waiting);
        setBase({ kind: 'server', finding, effective });
        setDraft(kept ?? draftOf(findingId, effective, effective.station?.number ?? null));
        setRestored(kept !== null);
      } catch (error) {
        if (!current) return;
        if (error instanceof ApiError && error.status === 404) setBase({ kind: 'missing' });
        else setBase({ kind: 'error', message: error instanceof Error ? error.message : '' });
      }
    })();
    return () => {
      current = false;
    };
  }, [findingId, draftKey, user.id]);

  const update = (patch: Partial<FindingDraft>) => {
    setDraft((d) => {
      if (!d) return d;
      const next = { ...d, ...patch };
      storeDraft(draftKey, next);
      return next;
    });
    setNotice(null);
  };
  const updateSource = (i: number, patch: Partial<FindingDraft['sources'][number]>) => {
    if (!draft) return;
    update({ sources: draft.sources.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  };

  const save = async () => {
    if (!draft || saving) return;
    const checked = validate(draft, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      setNotice(t('findings.form.invalid'));
      // Take the keyboard to the first field to fix.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.fl-form [aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      let op: Parameters<typeof sendDirect>[0] | null;
      if (base.kind === 'server') {
        // Compared with the server's copy and this device's waiting edits: only what changed since.
        const edit = editOf(base.effective, checked.input, checked.stationNumber, { changeId: uuid() });
        const parsed = FindingEdit.safeParse(edit.body);
        if (!parsed.success) {
          setNotice(t('findings.form.invalid'));
          return;
        }
        op = edit.empty
          ? null
          : { kind: 'edit', findingId: base.finding.id, body: parsed.data, stationNumber: edit.stationNumber };
      } else {
        const parsed = NewFinding.safeParse({ ...checked.input, id: draft.id });
        if (!parsed.success) {
          setNotice(t('findings.form.invalid'));
          return;
        }
        op = { kind: 'create', findingId: draft.id, body: parsed.data, stationNumber: checked.stationNumber };
      }
      if (!(await outboxAvailable())) {
        await saveAtOnce(op);
        return;
      }
      try {
        if (op?.kind === 'edit') await saveEdit(user.id, op.findingId, op.body, op.stationNumber);
        else if (op?.kind === 'create') await saveCreate(user.id, op.body, op.stationNumber);
      } catch {
        setNotice(t('findings.form.notKept'));
        return;
      }
      const failed = files.length > 0 ? await addFiles(user.id, draft.id, files) : [];
      dropDraft(draftKey);
      void outbox.flush();
      if (failed.length > 0) window.alert(t('findings.form.filesFailed', { names: failed.join(', ') }));
      navigate(`/findings/${draft.id}`);
    } finally {
      setSaving(false);
    }
  };

  /** No IndexedDB: the finding (or edit) and its files go now, or the form stays as typed. */
  const saveAtOnce = async (op: Parameters<typeof sendDirect>[0] | null) => {
    if (!draft) return;
    try {
      const result = op ? await sendDirect(op, files) : { refusal: null, failedFiles: [] };
      if (result.refusal) {
        setNotice(t('findings.form.refusedNow', { message: result.refusal.message }));
        return;
      }
      dropDraft(draftKey);
      if (result.failedFiles.length > 0)
        window.alert(t('findings.form.filesNotSent', { names: result.failedFiles.join(', ') }));
      navigate(`/findings/${draft.id}`);
    } catch {
      setNotice(t('findings.form.noOutboxOffline'));
    }
  };

  const heading = findingId ? t('findings.form.editTitle') : t('findings.form.newTitle');
  if (base.kind === 'loading' || base.kind === 'missing' || base.kind === 'locked' || base.kind === 'error' || !draft)
    return (
      <section className="page fl-page" aria-labelledby="ff-title">
        <FindingsTabs user={user} current={null} navigate={navigate} />
        <h2 id="ff-title">{heading}</h2>
        <p className="state" role={base.kind === 'loading' ? 'status' : 'alert'}>
          {base.kind === 'loading'
            ? t('findings.form.loading')
            : base.kind === 'locked'
              ? t('findings.form.notEditable')
              : base.kind === 'error'
                ? t('findings.page.error', { message: base.message })
                : t('findings.form.notFound')}
        </p>
      </section>
    );

  const field = (name: string, label: string, control: (p: FieldProps) => ReactNode) => (
    <Field name={name} label={label} error={errors[name]}>
      {control}
    </Field>
  );
  /** A text field bound to the draft: its label is `findings.form.<name>`, its test id `finding-<name>`. */
  const text = (name: TextField, attributes: InputHTMLAttributes<HTMLInputElement>) =>
    field(name, t(`findings.form.${name}`), (p) => (
      <input
        {...p}
        {...attributes}
        value={draft[name]}
        onChange={(e) => {
          const patch: Partial<FindingDraft> = {};
          patch[name] = e.target.value;
          update(patch);
        }}
        data-testid={`finding-${kebab(name)}`}
      />
    ));
  /** A drop-down with "Choose…" first unless `choose` is false (one region: it is chosen already). */
  const choice = (
    name: string,
    label: 'category' | 'region' | 'confidence',
    value: string,
    options: readonly { code: string; label: string }[],
    set: (value: string) => void,
    choose = true,
  ) =>
    field(name, t(`findings.form.${label}`), (p) => (
      <select {...p} value={value} onChange={(e) => set(e.target.value)} data-testid={`finding-${label}`}>
        {choose && <option value="">{t('findings.form.choose')}</option>}
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    ));
  const regionChoices = regions
    .filter((r) => myRegions.includes(r.code))
    .map((r) => ({ code: r.code, label: names.region(r.code) }))
    .sort((a, b) => a.label.localeCompare(b.label, names.language));
  // Offline with no list kept yet: the codes the session names.
  const regionOptions =
    regionChoices.length > 0 ? regionChoices : myRegions.map((code) => ({ code, label: names.region(code) }));
  const activeCategories = categories
    .filter((c) => c.active || c.code === draft.categoryCode)
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((c) => ({ code: c.code, label: names.category(c.code) }));

  return (
    <section className="page fl-page" aria-labelledby="ff-title">
      <FindingsTabs user={user} current={null} navigate={navigate} />
      <h2 id="ff-title">{heading}</h2>
      {base.kind === 'outbox' && base.refusal !== null && (
        <p className="fl-refused" role="alert" data-testid="finding-form-refused">
          {t('findings.form.refused', { message: base.refusal })}
        </p>
      )}
      {!offlineSaving && (
        <p className="fl-notice" role="status" data-testid="finding-no-outbox">
          {t('findings.form.noOutbox')}
        </p>
      )}
      {restored && (
        <p className="fl-notice" role="status" data-testid="finding-draft-restored">
          {t('findings.form.draftRestored')}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              dropDraft(draftKey);
              setRestored(false);
              if (base.kind === 'server')
                setDraft(draftOf(base.finding.id, base.effective, base.effective.station?.number ?? null));
              else if (base.kind === 'new') setDraft(emptyDraft(uuid(), user.regions));
            }}
          >
            {t('findings.form.discardDraft')}
          </button>
        </p>
      )}
      <form
        className="fl-form"
        data-testid="finding-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {choice('categoryCode', 'category', draft.categoryCode, activeCategories, (categoryCode) =>
          update({ categoryCode }),
        )}
        <div className="fl-row">
          {choice(
            'region',
            'region',
            draft.region,
            regionOptions,
            (region) => update({ region }),
            regionOptions.length !== 1,
          )}
          {text('locality', { maxLength: 200 })}
        </div>
        <div className="fl-row">
          {text('station', { inputMode: 'numeric', maxLength: 5 })}
          {text('place', { maxLength: 300 })}
        </div>
        <div className="fl-row">
          {text('occurredOn', { type: 'date' })}
          {text('occurredTime', { type: 'time' })}
        </div>
        {text('title', { maxLength: 200 })}
        {field('description', t('findings.form.description'), (p) => (
          <textarea
            {...p}
            rows={6}
            value={draft.description}
            maxLength={10_000}
            onChange={(e) => update({ description: e.target.value })}
            data-testid="finding-description"
          />
        ))}
        <fieldset className="fl-involved">
          <legend>{t('findings.form.involved')}</legend>
          {INSTITUTION_TYPES.map((type) => (
            <label key={type} className="fl-check">
              <input
                type="checkbox"
                checked={draft.involved.includes(type)}
                onChange={(e) =>
                  update({
                    involved: e.target.checked
                      ? INSTITUTION_TYPES.filter((x) => x === type || draft.involved.includes(x))
                      : draft.involved.filter((x) => x !== type),
                  })
                }
                data-testid={`finding-involved-${type}`}
              />
              {t(`findings.involved.${type}`)}
            </label>
          ))}
        </fieldset>
        {text('involvedNote', { maxLength: 500 })}
        <fieldset className="fl-sources">
          <legend>{t('findings.form.sources')}</legend>
          {errors.sources && (
            <p className="fl-error" role="alert">
              {errors.sources}
            </p>
          )}
          {draft.sources.map((source, i) => (
            <div className="fl-source" key={i}>
              {field(`sources.${i}.kind`, t('findings.form.sourceKind'), (p) => (
                <select
                  {...p}
                  value={source.kind}
                  onChange={(e) => {
                    if (isSourceKind(e.target.value)) updateSource(i, { kind: e.target.value });
                  }}
                  data-testid={`finding-source-kind-${i}`}
                >
                  {SOURCE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`findings.sourceKind.${k}`)}
                    </option>
                  ))}
                </select>
              ))}
              {field(`sources.${i}.note`, t('findings.form.sourceNote'), (p) => (
                <input
                  {...p}
                  value={source.note}
                  maxLength={1000}
                  onChange={(e) => updateSource(i, { note: e.target.value })}
                  data-testid={`finding-source-note-${i}`}
                />
              ))}
              {field(`sources.${i}.url`, t('findings.form.sourceUrl'), (p) => (
                <input
                  {...p}
                  type="url"
                  inputMode="url"
                  value={source.url}
                  maxLength={1000}
                  placeholder="https://"
                  onChange={(e) => updateSource(i, { url: e.target.value })}
                  data-testid={`finding-source-url-${i}`}
                />
              ))}
              {draft.sources.length > 1 && (
                <button
                  type="button"
                  className="fl-remove"
                  aria-label={t('findings.form.removeSource', { n: i + 1 })}
                  title={t('findings.form.removeSource', { n: i + 1 })}
                  onClick={() => update({ sources: draft.sources.filter((_, j) => j !== i) })}
                  data-testid={`finding-source-remove-${i}`}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {draft.sources.length < 20 && (
            <button
              type="button"
              onClick={() => update({ sources: [...draft.sources, { kind: 'witness', note: '', url: '' }] })}
              data-testid="finding-source-add"
            >
              {t('findings.form.addSource')}
            </button>
          )}
        </fieldset>
        {choice(
          'confidence',
          'confidence',
          draft.confidence,
          CONFIDENCES.map((c) => ({ code: c, label: t(`findings.confidence.${c}`) })),
          (value) => update({ confidence: isConfidence(value) ? value : '' }),
        )}
        <label className="fl-field">
          <span>{t('findings.form.files')}</span>
          <input
            ref={fileInput}
            type="file"
            accept="image/*,video/*"
            multiple
            aria-describedby="ff-files-hint"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
            data-testid="finding-files"
          />
          <small id="ff-files-hint" className="fl-hint">
            {files.length > 0 ? `${t('findings.form.newFiles', { count: files.length })}. ` : ''}
            {t('findings.form.filesHint')}
          </small>
        </label>
        {notice && (
          <p className="fl-error" role="alert" data-testid="finding-form-notice">
            {notice}
          </p>
        )}
        <div className="fl-actions">
          <button type="submit" className="primary" disabled={saving} data-testid="finding-save">
            {saving ? t('findings.form.saving') : t('findings.form.save')}
          </button>
          <button
            type="button"
            onClick={() => {
              dropDraft(draftKey);
              navigate(findingId ? `/findings/${findingId}` : '/findings');
            }}
          >
            {t('findings.form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The draft's plain text fields. */
type TextField = 'locality' | 'station' | 'place' | 'occurredOn' | 'occurredTime' | 'title' | 'involvedNote';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface FieldProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

function Field({
  name,
  label,
  error,
  children,
}: {
  name: string;
  label: string;
  error: string | undefined;
  children: (p: FieldProps) => ReactNode;
}) {
  const id = `ff-${name.replaceAll('.', '-')}`;
  return (
    <div className="fl-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <span className="fl-error" id={`${id}-error`} data-testid={`finding-error-${name}`}>
          {error}
        </span>
      )}
    </div>
  );
}

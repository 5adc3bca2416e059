import { formatArticle } from '../../../../shared/violations.ts';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ADDRESSEE_KINDS, type AddresseeKind, type NewComplaint } from '../../../../shared/complaints.ts';
import { localDate } from '../../../../shared/geo.ts';
import type { Violation } from '../../../../shared/violations.ts';
import { sendJson } from '../../lib/api-client.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { uuid } from '../../lib/uuid.ts';
import { errorText } from './violation-bits.tsx';

/**
 * The complaint's first draft from the violation. Courts and prosecutors take Kazakh or Russian,
 * so an English-speaking user gets a Russian draft.
 */
function draftText(v: Violation, language: 'kk' | 'ru' | 'en', fixedT: TFunction) {
  const lang = language === 'en' ? 'ru' : language;
  const lines = [
    fixedT('violations.complaintDraft.station', { number: v.station.number, address: v.station.address }),
    fixedT('violations.complaintDraft.when', { time: formatLocalTime(v.observedAt, lang) }),
    fixedT('violations.complaintDraft.what', {
      title: v.category.title[lang],
      article: formatArticle(v.category.article, lang),
    }),
    v.otherText ?? '',
    v.description,
    v.act ? fixedT('violations.complaintDraft.act') : '',
    v.evidence.length ? fixedT('violations.complaintDraft.evidence', { count: v.evidence.length }) : '',
    fixedT('violations.complaintDraft.ask'),
  ];
  return lines.filter(Boolean).join('\n\n');
}

/** A new complaint about this violation: to a court, the prosecutor or a higher commission. */
export function ComplaintForm({
  violation,
  language,
  onCreated,
}: {
  violation: Violation;
  language: 'kk' | 'ru' | 'en';
  onCreated: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  // One id per form: a resend after a lost answer creates one complaint, not two.
  const [id, setId] = useState(uuid);
  const [kind, setKind] = useState<AddresseeKind>('court');
  const [addressee, setAddressee] = useState('');
  const [filedOn, setFiledOn] = useState(() => localDate(new Date()));
  const [status, setStatus] = useState<'draft' | 'filed'>('draft');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = () => {
    setText(draftText(violation, language, i18n.getFixedT(language === 'en' ? 'ru' : language)));
    setOpen(true);
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    const body: NewComplaint = {
      id,
      violationId: violation.id,
      addresseeKind: kind,
      addressee: addressee.trim(),
      text: text.trim(),
      // A draft has no filing date yet: the legal deadline starts when it is filed.
      filedOn: status === 'filed' ? filedOn : null,
      status,
      answer: null,
      answeredOn: null,
    };
    try {
      await sendJson('POST', '/api/complaints', z.unknown(), body);
      setOpen(false);
      setAddressee('');
      setId(uuid());
      onCreated();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" onClick={start} data-testid="complaint-new">
        {t('violations.legal.newComplaint')}
      </button>
    );
  return (
    <form
      className="card complaint-form"
      data-testid="complaint-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('violations.legal.addresseeKindLabel')}
        <select
          value={kind}
          onChange={(e) => setKind(ADDRESSEE_KINDS.find((k) => k === e.target.value) ?? 'court')}
          data-testid="complaint-kind"
        >
          {ADDRESSEE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`violations.legal.addresseeKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        {t('violations.legal.addressee')}
        <input
          required
          maxLength={300}
          value={addressee}
          placeholder={t(`violations.legal.addresseeHint.${kind}`)}
          onChange={(e) => setAddressee(e.target.value)}
          data-testid="complaint-addressee"
        />
      </label>
      <label>
        {t('violations.legal.statusLabel')}
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value === 'filed' ? 'filed' : 'draft')}
          data-testid="complaint-status"
        >
          <option value="draft">{t('violations.legal.status.draft')}</option>
          <option value="filed">{t('violations.legal.status.filed')}</option>
        </select>
      </label>
      {status === 'filed' && (
        <label>
          {t('violations.legal.filedOnLabel')}
          <input
            type="date"
            required
            max={localDate(new Date())}
            value={filedOn}
            onChange={(e) => setFiledOn(e.target.value)}
            data-testid="complaint-filed-on"
          />
        </label>
      )}
      <label className="full">
        {t('violations.legal.text')}
        <textarea
          rows={8}
          maxLength={20_000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="complaint-text"
        />
      </label>
      <p className="hint full">{t('violations.legal.deadlineRule')}</p>
      <span className="actions">
        <button type="submit" className="primary" disabled={busy || !addressee.trim()} data-testid="complaint-save">
          {busy ? t('violations.legal.saving') : t('violations.legal.create')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('violations.legal.cancel')}
        </button>
      </span>
      {error && (
        <p className="form-error full" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../../../shared/i18n.ts';
import {
  NewViolationCategory,
  SEVERITIES,
  VIOLATION_PHASES,
  type Severity,
  type ViolationPhase,
} from '../../../../shared/violations.ts';
import { sendJson } from '../../lib/api-client.ts';
import { errorText } from './violation-bits.tsx';

const EMPTY = { kk: '', ru: '', en: '' };

/** HQ adds a ground to the catalogue without a deploy; phones pick it up with the catalogue. */
export function CategoryForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [phase, setPhase] = useState<ViolationPhase>('voting');
  const [article, setArticle] = useState('');
  const [severity, setSeverity] = useState<Severity>('serious');
  const [title, setTitle] = useState<Record<Language, string>>(EMPTY);
  const [hint, setHint] = useState<Record<Language, string>>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const submit = async () => {
    const parsed = NewViolationCategory.safeParse({ code, phase, article, severity, title, hint });
    if (!parsed.success) {
      setMessage({
        error: true,
        text: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await sendJson('POST', '/api/violation-categories', z.unknown(), parsed.data);
      setMessage({ error: false, text: t('violations.category.added', { code: parsed.data.code }) });
      setCode('');
      setArticle('');
      setTitle(EMPTY);
      setHint(EMPTY);
      onAdded();
    } catch (e) {
      setMessage({ error: true, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="category-add">
      <summary>{t('violations.category.add')}</summary>
      <form
        className="card"
        data-testid="category-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('violations.category.code')}
          <input
            required
            value={code}
            pattern="[a-z][a-z0-9_.\-]*"
            placeholder="voting.example"
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label>
          {t('violations.filters.phase')}
          <select
            value={phase}
            onChange={(e) => setPhase(VIOLATION_PHASES.find((p) => p === e.target.value) ?? 'voting')}
          >
            {VIOLATION_PHASES.map((p) => (
              <option key={p} value={p}>
                {t(`violations.phase.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('violations.category.article')}
          <input required value={article} placeholder="Art. 41" onChange={(e) => setArticle(e.target.value)} />
        </label>
        <label>
          {t('violations.filters.severity')}
          <select
            value={severity}
            onChange={(e) => setSeverity(SEVERITIES.find((s) => s === e.target.value) ?? 'serious')}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`violations.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {LANGUAGES.map((lang) => (
          <fieldset key={lang} className="category-lang" lang={lang}>
            <legend>{t(`language.${lang}`)}</legend>
            <label>
              {t('violations.category.title')}
              <input
                required
                maxLength={300}
                value={title[lang]}
                onChange={(e) => setTitle((v) => ({ ...v, [lang]: e.target.value }))}
              />
            </label>
            <label>
              {t('violations.category.hint')}
              <input
                required
                maxLength={300}
                value={hint[lang]}
                onChange={(e) => setHint((v) => ({ ...v, [lang]: e.target.value }))}
              />
            </label>
          </fieldset>
        ))}
        <button type="submit" className="primary" disabled={busy}>
          {t('violations.category.save')}
        </button>
        {message && (
          <p className={message.error ? 'form-error' : 'hint'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
    </details>
  );
}

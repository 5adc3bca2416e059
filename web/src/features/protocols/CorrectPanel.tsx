import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkProtocol, type ProtocolBallot, type ProtocolVersion } from '../../../../shared/protocols.ts';
import { draftFromFigures, figuresFromDraft, missingFigures } from '../../components/protocol/draft.ts';
import { ProtocolChecks } from '../../components/protocol/ProtocolChecks.tsx';
import { ProtocolForm } from '../../components/protocol/ProtocolForm.tsx';
import { draftChanges } from './resolve-figures.ts';
import { useResolve, type ResolveResult } from './use-resolve.ts';

/**
 * A supervisor corrects a verified protocol: the form starts from the verified version, changed
 * figures are highlighted, and a note saying why is required. The server keeps it as a new version.
 */
export function CorrectPanel({
  stationId,
  ballot,
  verified,
  observerEntryId,
  operatorEntryId,
  onCancel,
  onSaved,
}: {
  stationId: number;
  ballot: ProtocolBallot;
  verified: ProtocolVersion;
  /** The copies on the page (`StationProtocol.observer?.id`, `.operator?.id`): a newer one makes the server refuse. */
  observerEntryId: string | null;
  operatorEntryId: string | null;
  onCancel: () => void;
  onSaved: (result: ResolveResult) => void;
}) {
  const { t } = useTranslation();
  const start = useMemo(() => draftFromFigures(verified.figures), [verified]);
  const [draft, setDraft] = useState(start);
  const [note, setNote] = useState('');
  const { saving, resolve } = useResolve(stationId, onSaved);
  const changed = draftChanges(start, draft);
  const missing = missingFigures(draft, ballot);
  const figures = figuresFromDraft(draft, ballot, verified.figures.photoEvidenceIds);
  const checks = figures ? checkProtocol(figures, { options: ballot.options }) : null;
  const ready = figures !== null && changed.size > 0 && note.trim() !== '' && !saving;

  const submit = async () => {
    if (!ready) return;
    await resolve({ basedOnVersion: verified.version, observerEntryId, operatorEntryId, figures, note: note.trim() });
  };

  return (
    <section className="card pr-correct" aria-labelledby="pr-correct-title" data-testid="protocol-correct">
      <h3 id="pr-correct-title">{t('protocols.correct.title')}</h3>
      <p className="hint">{t('protocols.correct.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ProtocolForm ballot={ballot} draft={draft} onChange={setDraft} highlight={changed} idPrefix="correct" />
        {checks && <ProtocolChecks checks={checks} testId="correct-checks" />}
        <p className="hint" role="status">
          {t('protocols.correct.changed', { count: changed.size })}
          {missing > 0 && <> · {t('protocols.correct.missing', { count: missing })}</>}
        </p>
        <label className="pr-note">
          {t('protocols.correct.note')}
          <textarea
            value={note}
            required
            maxLength={2000}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
            data-testid="correct-note"
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={!ready} data-testid="correct-submit">
            {saving ? t('protocols.resolve.saving') : t('protocols.correct.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('protocols.correct.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

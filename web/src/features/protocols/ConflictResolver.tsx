import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { protocolDifferences, type FigureKey, type StationProtocol } from '../../../../shared/protocols.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { figureLabel } from '../../components/protocol/figure-label.ts';
import { figureValue } from './figure-labels.ts';
import { PhotoGallery } from './PhotoGallery.tsx';
import { FiguresTable } from './protocol-bits.tsx';
import { resolvedFigures, undecided, type Choice } from './resolve-figures.ts';
import { useResolve, type ResolveResult } from './use-resolve.ts';

/**
 * The supervisor's desk for a conflict: the photo beside both entries, then each differing figure
 * with the observer's value, the operator's, or what the photo shows typed in. Resolving makes the
 * decided protocol the station's verified version.
 */
export function ConflictResolver({
  data,
  onSaved,
}: {
  data: StationProtocol & {
    observer: NonNullable<StationProtocol['observer']>;
    operator: NonNullable<StationProtocol['operator']>;
  };
  onSaved: (result: ResolveResult) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const numbers = new Intl.NumberFormat(intlLocale(language));
  const [choices, setChoices] = useState<ReadonlyMap<FigureKey, Choice>>(new Map());
  const [note, setNote] = useState('');
  const { saving, resolve } = useResolve(data.station.id, onSaved);
  const { ballot, observer, operator, conflicts } = data;
  // When both entries agree but differ from a supervisor's version, the conflict is theirs (a)
  // against that version (b): say so in the column heads.
  const againstVerified = protocolDifferences(observer.figures, operator.figures).length === 0;
  const headA = againstVerified ? t('protocols.resolve.agreedEntries') : t('protocols.resolve.observer');
  const headB = againstVerified ? t('protocols.resolve.verifiedVersion') : t('protocols.resolve.operator');
  const open = undecided(conflicts, choices, observer.figures, operator.figures);
  const figures = resolvedFigures(ballot, observer.figures, operator.figures, conflicts, choices);
  const choose = (key: FigureKey, choice: Choice) => setChoices((m) => new Map(m).set(key, choice));
  const highlight = new Set(conflicts.map((c) => c.key));

  const submit = async () => {
    if (!figures) return;
    await resolve({
      basedOnVersion: data.verified?.version ?? null,
      observerEntryId: observer.id,
      operatorEntryId: operator.id,
      figures,
      note: note.trim(),
    });
  };

  return (
    <section className="card pr-resolve" aria-labelledby="pr-resolve-title" data-testid="protocol-resolve">
      <h3 id="pr-resolve-title">{t('protocols.resolve.title')}</h3>
      <p className="hint">{t(againstVerified ? 'protocols.resolve.introVerified' : 'protocols.resolve.intro')}</p>
      <div className="pr-side-by-side">
        <PhotoGallery photos={data.photos} large testId="resolve-photos" />
        <div>
          <h4>{t('protocols.resolve.both')}</h4>
          <FiguresTable
            ballot={ballot}
            columns={[
              { label: t('protocols.figures.observer'), figures: observer.figures },
              { label: t('protocols.figures.operator'), figures: operator.figures },
            ]}
            highlight={highlight}
            testId="resolve-both"
          />
        </div>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <table className="table pr-conflicts" data-testid="protocol-conflicts">
          <thead>
            <tr>
              <th scope="col">{t('protocols.resolve.figure')}</th>
              <th scope="col">{headA}</th>
              <th scope="col">{headB}</th>
              <th scope="col">{t('protocols.resolve.other')}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => {
              const label = figureLabel(c.key, ballot.options, t, language);
              const choice = choices.get(c.key);
              const group = `pick-${c.key}`;
              // A tick has two values only; a count of boxes follows one entry or the other.
              const typed = typeof (c.a ?? c.b) === 'number' && c.key !== 'portableBoxes.count';
              const needed = open.some((o) => o.key === c.key);
              return (
                <tr
                  key={c.key}
                  data-testid={`conflict-${c.key}`}
                  data-decided={choice ? choice.from : undefined}
                  className={needed ? 'pr-needed' : undefined}
                >
                  <th scope="row" id={`${group}-label`}>
                    {label}
                  </th>
                  <td>
                    <label className="pr-pick">
                      <input
                        type="radio"
                        name={group}
                        checked={choice?.from === 'observer'}
                        disabled={c.a === null}
                        onChange={() => choose(c.key, { from: 'observer' })}
                        data-testid={`pick-observer-${c.key}`}
                        aria-describedby={`${group}-label`}
                      />
                      {figureValue(c.a, t, numbers)}
                    </label>
                  </td>
                  <td>
                    <label className="pr-pick">
                      <input
                        type="radio"
                        name={group}
                        checked={choice?.from === 'operator'}
                        disabled={c.b === null}
                        onChange={() => choose(c.key, { from: 'operator' })}
                        data-testid={`pick-operator-${c.key}`}
                        aria-describedby={`${group}-label`}
                      />
                      {figureValue(c.b, t, numbers)}
                    </label>
                  </td>
                  <td>
                    {typed && (
                      <span className="pr-pick">
                        <input
                          type="radio"
                          name={group}
                          checked={choice?.from === 'other'}
                          onChange={() => choose(c.key, { from: 'other', value: '' })}
                          aria-label={t('protocols.resolve.other')}
                          data-testid={`pick-other-${c.key}`}
                        />
                        <input
                          type="text"
                          inputMode="numeric"
                          className="pr-other"
                          maxLength={7}
                          aria-label={t('protocols.resolve.otherInput', { figure: label })}
                          value={choice?.from === 'other' ? choice.value : ''}
                          onChange={(e) => {
                            if (/^\d*$/.test(e.target.value)) choose(c.key, { from: 'other', value: e.target.value });
                          }}
                          data-testid={`other-value-${c.key}`}
                        />
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label className="pr-note">
          {t('protocols.resolve.note')}
          <textarea
            value={note}
            maxLength={2000}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
            data-testid="resolve-note"
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={!figures || saving} data-testid="resolve-submit">
            {saving ? t('protocols.resolve.saving') : t('protocols.resolve.submit')}
          </button>
          {open.length > 0 && (
            <span className="hint" role="status">
              {t('protocols.resolve.undecided', { count: open.length })}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  inBallotOrder,
  MAX_PORTABLE_BOXES,
  type FigureKey,
  type ProtocolBallot,
  type ScalarFigure,
} from '../../../../shared/protocols.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { isTypedFigure, MAX_FIGURE_DIGITS, MAX_MEMBERS_DIGITS, type ProtocolDraft } from './draft.ts';
import './protocol-form.css';

/** The paper form's first block, in its order; the fixed box and invalid ballots have blocks of their own. */
const BALLOT_FIGURES = [
  'registeredVoters',
  'ballotsReceived',
  'ballotsIssuedInside',
  'ballotsIssuedOutside',
  'outsideRequests',
  'ballotsCancelled',
] as const satisfies readonly ScalarFigure[];

interface Props {
  ballot: ProtocolBallot;
  draft: ProtocolDraft;
  onChange: (d: ProtocolDraft) => void;
  /** Figure keys (`flattenFigures` keys) to mark, e.g. the conflicts between two entries. */
  highlight?: ReadonlySet<FigureKey>;
  disabled?: boolean;
  idPrefix?: string;
}

/**
 * The results protocol's figures in the order of the paper form. Every input takes digits only
 * (a letter typed is refused, not stored), so what is sent is what the copy says.
 */
export function ProtocolForm({ ballot, draft, onChange, highlight, disabled = false, idPrefix }: Props) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const generated = useId();
  const prefix = idPrefix ?? `pf${generated.replace(/[^a-zA-Z0-9]/g, '')}`;
  const hintId = `${prefix}-hint`;
  const marked = (key: FigureKey) => highlight?.has(key) ?? false;

  const figure = (
    key: FigureKey,
    label: ReactNode,
    value: string,
    set: (v: string) => void,
    digits = MAX_FIGURE_DIGITS,
  ) => (
    <DigitInput
      key={key}
      id={`${prefix}-${key.replace(/\./g, '-')}`}
      figureKey={key}
      label={label}
      value={value}
      onChange={set}
      maxDigits={digits}
      highlighted={marked(key)}
      disabled={disabled}
      describedBy={hintId}
    />
  );
  const tick = (key: FigureKey, label: ReactNode, checked: boolean, set: (v: boolean) => void) => (
    <Tick
      key={key}
      id={`${prefix}-${key.replace(/\./g, '-')}`}
      figureKey={key}
      label={label}
      checked={checked}
      onChange={set}
      highlighted={marked(key)}
      disabled={disabled}
    />
  );
  const scalar = (key: ScalarFigure) =>
    figure(key, t(`protocolForm.figures.${key}`), draft.scalars[key], (v) =>
      onChange({ ...draft, scalars: { ...draft.scalars, [key]: v } }),
    );
  const setBox = (index: number, patch: Partial<ProtocolDraft['portableBoxes'][number]>) =>
    onChange({ ...draft, portableBoxes: draft.portableBoxes.map((b, i) => (i === index ? { ...b, ...patch } : b)) });
  const options = inBallotOrder(ballot.options);

  return (
    <div className="protocol-form">
      <p id={hintId} className="muted pf-hint">
        {t('protocolForm.digitsOnly')}
      </p>

      <fieldset className="pf-group">
        <legend>{t('protocolForm.sections.ballots')}</legend>
        {BALLOT_FIGURES.map(scalar)}
      </fieldset>

      <fieldset className="pf-group">
        <legend>{t('protocolForm.sections.fixedBox')}</legend>
        {scalar('fixedBoxBallots')}
        {tick('fixedBoxSealIntact', t('protocolForm.fixedBoxSeal'), draft.fixedBoxSealIntact, (v) =>
          onChange({ ...draft, fixedBoxSealIntact: v }),
        )}
      </fieldset>

      <fieldset
        className={`pf-group${marked('portableBoxes.count') ? ' pf-marked' : ''}`}
        data-highlight={marked('portableBoxes.count') ? 'true' : undefined}
        data-testid="figure-portableBoxes.count"
      >
        <legend>
          {t('protocolForm.sections.portableBoxes')}
          {marked('portableBoxes.count') && <Mark />}
        </legend>
        {draft.portableBoxes.length === 0 && <p className="muted">{t('protocolForm.noPortableBoxes')}</p>}
        {draft.portableBoxes.map((box, i) => (
          <div className="pf-box" key={i} role="group" aria-label={t('protocolForm.portableBox', { number: i + 1 })}>
            <div className="pf-box-head">
              <strong>{t('protocolForm.portableBox', { number: i + 1 })}</strong>
              <button
                type="button"
                className="small"
                disabled={disabled}
                data-testid={`remove-portable-box-${i}`}
                onClick={() => onChange({ ...draft, portableBoxes: draft.portableBoxes.filter((_, j) => j !== i) })}
              >
                {t('protocolForm.removePortableBox', { number: i + 1 })}
              </button>
            </div>
            {figure(
              `portableBoxes.${i}.ballots`,
              t('protocolForm.portableBallots', { number: i + 1 }),
              box.ballots,
              (v) => setBox(i, { ballots: v }),
            )}
            {tick(
              `portableBoxes.${i}.sealIntact`,
              t('protocolForm.portableSeal', { number: i + 1 }),
              box.sealIntact,
              (v) => setBox(i, { sealIntact: v }),
            )}
          </div>
        ))}
        <button
          type="button"
          disabled={disabled || draft.portableBoxes.length >= MAX_PORTABLE_BOXES}
          data-testid="add-portable-box"
          onClick={() =>
            onChange({ ...draft, portableBoxes: [...draft.portableBoxes, { ballots: '', sealIntact: false }] })
          }
        >
          + {t('protocolForm.addPortableBox')}
        </button>
        {draft.portableBoxes.length >= MAX_PORTABLE_BOXES && (
          <p className="muted">{t('protocolForm.maxPortableBoxes', { count: MAX_PORTABLE_BOXES })}</p>
        )}
      </fieldset>

      <fieldset className="pf-group">
        <legend>{t('protocolForm.sections.invalid')}</legend>
        {scalar('invalidBallots')}
      </fieldset>

      <fieldset className="pf-group">
        <legend>{t('protocolForm.sections.votes')}</legend>
        {options.length === 0 && <p className="muted">{t('protocolForm.noOptions')}</p>}
        {options.map((o) =>
          figure(
            `votes.${o.id}`,
            <>
              <span className="pf-position">{o.position}.</span> {o.name[language]}
              {o.affiliation && <span className="muted"> · {o.affiliation}</span>}
              <span className="visually-hidden"> — {t('protocolForm.votesFor')}</span>
            </>,
            draft.votes[o.id] ?? '',
            (v) => onChange({ ...draft, votes: { ...draft.votes, [o.id]: v } }),
          ),
        )}
      </fieldset>

      <fieldset className="pf-group">
        <legend>{t('protocolForm.sections.signatures')}</legend>
        {tick('signatures.chair', t('protocolForm.signatures.chair'), draft.signatures.chair, (v) =>
          onChange({ ...draft, signatures: { ...draft.signatures, chair: v } }),
        )}
        {tick('signatures.secretary', t('protocolForm.signatures.secretary'), draft.signatures.secretary, (v) =>
          onChange({ ...draft, signatures: { ...draft.signatures, secretary: v } }),
        )}
        {figure(
          'signatures.members',
          t('protocolForm.signatures.members'),
          draft.signatures.members,
          (v) => onChange({ ...draft, signatures: { ...draft.signatures, members: v } }),
          MAX_MEMBERS_DIGITS,
        )}
      </fieldset>
    </div>
  );
}

/** The visible mark of a highlighted figure, with words for a screen reader. */
function Mark() {
  const { t } = useTranslation();
  return (
    <span className="pf-mark">
      <span aria-hidden="true"> ⚠</span>
      <span className="visually-hidden"> ({t('protocolForm.highlighted')})</span>
    </span>
  );
}

function DigitInput(props: {
  id: string;
  figureKey: FigureKey;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  maxDigits: number;
  highlighted: boolean;
  disabled: boolean;
  describedBy: string;
}) {
  const { id, figureKey, label, value, onChange, maxDigits, highlighted, disabled, describedBy } = props;
  return (
    <div className={`pf-field${highlighted ? ' pf-marked' : ''}`}>
      <label htmlFor={id}>
        {label}
        {highlighted && <Mark />}
      </label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={maxDigits}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        data-testid={`figure-${figureKey}`}
        data-highlight={highlighted ? 'true' : undefined}
        onChange={(e) => {
          // Spaces a phone keyboard or a paste puts between thousands are dropped; anything else is refused.
          const next = e.target.value.replace(/\s/g, '');
          if (isTypedFigure(next, maxDigits)) onChange(next);
        }}
      />
    </div>
  );
}

function Tick(props: {
  id: string;
  figureKey: FigureKey;
  label: ReactNode;
  checked: boolean;
  onChange: (value: boolean) => void;
  highlighted: boolean;
  disabled: boolean;
}) {
  const { id, figureKey, label, checked, onChange, highlighted, disabled } = props;
  return (
    <div className={`pf-tick${highlighted ? ' pf-marked' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        data-testid={`figure-${figureKey}`}
        data-highlight={highlighted ? 'true' : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>
        {label}
        {highlighted && <Mark />}
      </label>
    </div>
  );
}

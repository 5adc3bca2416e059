import type { TFunction } from 'i18next';
import type { Language } from '../../../../shared/i18n.ts';
import type { FigureValue, ProtocolBallot } from '../../../../shared/protocols.ts';

/**
 * A figure's key as a person reads it: `votes.12` is the option's name, `portableBoxes.0.ballots`
 * is "Portable box 1: ballots" (keys as `flattenFigures` and `OFFICIAL_SCALARS` name them).
 */
export function figureLabel(key: string, ballot: ProtocolBallot, t: TFunction, language: Language): string {
  const vote = /^votes\.(-?\d+)$/.exec(key);
  if (vote) {
    const id = Number(vote[1]);
    const option = ballot.options.find((o) => o.id === id);
    return t('protocols.figure.votes', {
      name: option ? option.name[language] : t('protocols.figure.unknownOption', { id }),
    });
  }
  const box = /^portableBoxes\.(\d+)\.(ballots|sealIntact)$/.exec(key);
  if (box) {
    const n = Number(box[1]) + 1;
    return box[2] === 'ballots'
      ? t('protocols.figure.portableBallots', { n })
      : t('protocols.figure.portableSeal', { n });
  }
  switch (key) {
    case 'portableBoxes.count':
      return t('protocols.figure.portableCount');
    case 'signatures.chair':
      return t('protocols.figure.chair');
    case 'signatures.secretary':
      return t('protocols.figure.secretary');
    case 'signatures.members':
      return t('protocols.figure.members');
    default: {
      const label = t(`protocols.figure.${key}`, { defaultValue: '' });
      return label || key;
    }
  }
}

/** A figure's value: a number in the UI language, a flag as yes/no, a missing figure as a dash. */
export function figureValue(value: FigureValue | null | undefined, t: TFunction, numbers: Intl.NumberFormat): string {
  if (value === null || value === undefined) return t('protocols.list.none');
  if (typeof value === 'boolean') return value ? t('protocols.yes') : t('protocols.no');
  return numbers.format(value);
}

import type { TFunction } from 'i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { Language } from '../../../../shared/i18n.ts';
import { SCALAR_FIGURES, type FigureKey } from '../../../../shared/protocols.ts';

const SCALARS: readonly string[] = SCALAR_FIGURES;

/**
 * A figure's key as a person reads it, with the form's own labels: `votes.12` is "2. <option
 * name>", `portableBoxes.0.ballots` the ballots of portable box no. 1, `portableBoxBallots` (the
 * official results' sum) the ballots of all portable boxes. Keys as `flattenFigures` and
 * `OFFICIAL_SCALARS` name them; an unknown key is shown as it is.
 */
export function figureLabel(
  key: FigureKey,
  options: readonly Pick<BallotOption, 'id' | 'position' | 'name'>[],
  t: TFunction,
  language: Language,
): string {
  if (SCALARS.includes(key)) return t(`protocolForm.figures.${key}`);
  const vote = /^votes\.(-?\d+)$/.exec(key);
  if (vote) {
    const id = Number(vote[1]);
    const option = options.find((o) => o.id === id);
    return option ? `${option.position}. ${option.name[language]}` : t('protocolForm.unknownOption', { id });
  }
  const box = /^portableBoxes\.(\d+)\.(ballots|sealIntact)$/.exec(key);
  if (box) {
    const number = Number(box[1]) + 1;
    return t(box[2] === 'ballots' ? 'protocolForm.portableBallots' : 'protocolForm.portableSeal', { number });
  }
  switch (key) {
    case 'portableBoxBallots':
      return t('protocolForm.allPortableBallots');
    case 'portableBoxes.count':
      return t('protocolForm.portableCount');
    case 'fixedBoxSealIntact':
      return t('protocolForm.fixedBoxSeal');
    case 'signatures.chair':
    case 'signatures.secretary':
    case 'signatures.members':
      return t(`protocolForm.${key}`);
    default:
      return key;
  }
}

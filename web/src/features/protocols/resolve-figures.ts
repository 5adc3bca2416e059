import {
  flattenFigures,
  inBallotOrder,
  MAX_PROTOCOL_PHOTOS,
  ProtocolFigures,
  SCALAR_FIGURES,
  type FigureDifference,
  type FigureKey,
  type FigureValue,
  type ProtocolBallot,
} from '../../../../shared/protocols.ts';
import type { ProtocolDraft } from '../../components/protocol/draft.ts';

/** The supervisor's choice for one conflicting figure: one entry's value, or what the photo shows. */
export type Choice = { from: 'observer' } | { from: 'operator' } | { from: 'other'; value: string };

const BOX_KEY = /^portableBoxes\.(\d+)\./;

/**
 * Conflicts that still need a choice. A portable box beyond the chosen number of boxes needs none:
 * it will not be in the protocol.
 */
export function undecided(
  conflicts: readonly FigureDifference[],
  choices: ReadonlyMap<FigureKey, Choice>,
  observer: ProtocolFigures,
  operator: ProtocolFigures,
): FigureDifference[] {
  const boxes = chosenValue(conflicts, choices, 'portableBoxes.count', observer, operator);
  return conflicts.filter((c) => {
    const box = BOX_KEY.exec(c.key);
    if (box && typeof boxes === 'number' && Number(box[1]) >= boxes) return false;
    return chosenValue(conflicts, choices, c.key, observer, operator) === null;
  });
}

/** The value a key takes: the choice for a conflict, the (agreed) observer's value otherwise. */
function chosenValue(
  conflicts: readonly FigureDifference[],
  choices: ReadonlyMap<FigureKey, Choice>,
  key: FigureKey,
  observer: ProtocolFigures,
  operator: ProtocolFigures,
): FigureValue | null {
  const conflict = conflicts.find((c) => c.key === key);
  if (!conflict) return flattenFigures(observer).get(key) ?? flattenFigures(operator).get(key) ?? null;
  const choice = choices.get(key);
  if (!choice) return null;
  if (choice.from === 'observer') return conflict.a;
  if (choice.from === 'operator') return conflict.b;
  return /^\d{1,8}$/.test(choice.value) ? Number(choice.value) : null;
}

/**
 * The protocol as the supervisor decided it: every agreed figure as both entries have it, every
 * conflict as chosen; the photos of both entries. Null while a choice is missing or a typed value
 * is not a whole number in range.
 */
export function resolvedFigures(
  ballot: ProtocolBallot,
  observer: ProtocolFigures,
  operator: ProtocolFigures,
  conflicts: readonly FigureDifference[],
  choices: ReadonlyMap<FigureKey, Choice>,
): ProtocolFigures | null {
  if (undecided(conflicts, choices, observer, operator).length > 0) return null;
  const value = (key: FigureKey) => chosenValue(conflicts, choices, key, observer, operator);
  const count = value('portableBoxes.count');
  if (typeof count !== 'number') return null;
  const photos = [...new Set([...observer.photoEvidenceIds, ...operator.photoEvidenceIds])];
  const votes = inBallotOrder(ballot.options)
    .map((o) => ({ optionId: o.id, votes: value(`votes.${o.id}`) }))
    .filter((v) => v.votes !== null);
  const parsed = ProtocolFigures.safeParse({
    ...Object.fromEntries(SCALAR_FIGURES.map((key) => [key, value(key)])),
    fixedBoxSealIntact: value('fixedBoxSealIntact'),
    portableBoxes: Array.from({ length: count }, (_, i) => ({
      ballots: value(`portableBoxes.${i}.ballots`),
      sealIntact: value(`portableBoxes.${i}.sealIntact`) ?? false,
    })),
    votes,
    signatures: {
      chair: value('signatures.chair'),
      secretary: value('signatures.secretary'),
      members: value('signatures.members'),
    },
    photoEvidenceIds: photos.slice(0, MAX_PROTOCOL_PHOTOS),
  });
  return parsed.success ? parsed.data : null;
}

/** The keys (as `flattenFigures` names them) where two drafts differ: what the correction changed. */
export function draftChanges(before: ProtocolDraft, after: ProtocolDraft): Set<FigureKey> {
  const changed = new Set<FigureKey>();
  for (const key of SCALAR_FIGURES) if (before.scalars[key] !== after.scalars[key]) changed.add(key);
  if (before.fixedBoxSealIntact !== after.fixedBoxSealIntact) changed.add('fixedBoxSealIntact');
  if (before.portableBoxes.length !== after.portableBoxes.length) changed.add('portableBoxes.count');
  after.portableBoxes.forEach((box, i) => {
    const was = before.portableBoxes[i];
    if (was?.ballots !== box.ballots) changed.add(`portableBoxes.${i}.ballots`);
    if (was?.sealIntact !== box.sealIntact) changed.add(`portableBoxes.${i}.sealIntact`);
  });
  for (const id of new Set([...Object.keys(before.votes), ...Object.keys(after.votes)])) {
    if (before.votes[Number(id)] !== after.votes[Number(id)]) changed.add(`votes.${id}`);
  }
  if (before.signatures.chair !== after.signatures.chair) changed.add('signatures.chair');
  if (before.signatures.secretary !== after.signatures.secretary) changed.add('signatures.secretary');
  if (before.signatures.members !== after.signatures.members) changed.add('signatures.members');
  return changed;
}

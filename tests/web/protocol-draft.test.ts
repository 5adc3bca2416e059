import { describe, expect, it } from 'vitest';
import type { ProtocolBallot, ProtocolFigures } from '../../shared/protocols.ts';
import {
  draftFromFigures,
  emptyDraft,
  figuresFromDraft,
  missingFigures,
  parseDraft,
} from '../../web/src/components/protocol/draft.ts';

const name = (en: string) => ({ kk: en, ru: en, en });
const ballot: ProtocolBallot = {
  electionId: 1,
  electionName: name('Test'),
  // Out of order on purpose: figures come back in ballot order.
  options: [
    { id: 12, position: 2, kind: 'candidate', name: name('B'), affiliation: null },
    { id: 11, position: 1, kind: 'candidate', name: name('A'), affiliation: null },
  ],
};

const figures: ProtocolFigures = {
  registeredVoters: 1000,
  ballotsReceived: 1010,
  ballotsIssuedInside: 600,
  ballotsIssuedOutside: 10,
  outsideRequests: 12,
  ballotsCancelled: 400,
  fixedBoxBallots: 600,
  fixedBoxSealIntact: true,
  portableBoxes: [{ ballots: 10, sealIntact: false }],
  invalidBallots: 10,
  votes: [
    { optionId: 11, votes: 350 },
    { optionId: 12, votes: 250 },
  ],
  signatures: { chair: true, secretary: false, members: 7 },
  photoEvidenceIds: [],
};

describe('protocol draft', () => {
  it('starts empty: every figure missing, ticks unticked, no figures to send', () => {
    const d = emptyDraft(ballot);
    expect(missingFigures(d, ballot)).toBe(8 + 2 + 1);
    expect(d.fixedBoxSealIntact).toBe(false);
    expect(figuresFromDraft(d, ballot, [])).toBeNull();
  });

  it('round-trips figures, votes in ballot order, with the photos given', () => {
    const d = draftFromFigures(figures);
    expect(missingFigures(d, ballot)).toBe(0);
    const photo = '0b8d3f2e-8a4c-4b7e-9c1a-2f3e4d5c6b7a';
    expect(figuresFromDraft(d, ballot, [photo])).toEqual({ ...figures, photoEvidenceIds: [photo] });
  });

  it('gives no figures while one is empty, not digits or out of range', () => {
    const d = draftFromFigures(figures);
    expect(figuresFromDraft({ ...d, scalars: { ...d.scalars, invalidBallots: '' } }, ballot, [])).toBeNull();
    expect(figuresFromDraft({ ...d, votes: { ...d.votes, 12: '2a' } }, ballot, [])).toBeNull();
    expect(figuresFromDraft({ ...d, scalars: { ...d.scalars, registeredVoters: '99999999' } }, ballot, [])).toBeNull();
    expect(
      missingFigures({ ...d, portableBoxes: [...d.portableBoxes, { ballots: '', sealIntact: true }] }, ballot),
    ).toBe(1);
  });

  it('reads a stored draft back, and refuses anything else', () => {
    const d = draftFromFigures(figures);
    expect(parseDraft(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft({ ...d, scalars: { ...d.scalars, ballotsReceived: 12 } })).toBeNull();
    expect(parseDraft({ ...d, votes: { x: '1' } })).toBeNull();
    expect(parseDraft({ ...d, portableBoxes: [{ ballots: '-1', sealIntact: true }] })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { BallotOption } from '../../shared/elections.ts';
import { LANGUAGES } from '../../shared/i18n.ts';
import {
  PROTOCOL_CHECK_CODES,
  PROTOCOL_CHECK_MESSAGES,
  PROTOCOL_CHECK_SEVERITY,
  PROTOCOL_CHECK_TITLES,
  ProtocolFigures,
  RESERVE_TOLERANCE_BALLOTS,
  checkProtocol,
  inBallotOrder,
  protocolAddsUp,
  protocolCheckMessage,
  reserveLimit,
  type ProtocolCheck,
  type ProtocolCheckCode,
  type ProtocolCheckContext,
} from '../../shared/protocols.ts';

const PHOTO = '0b7f3c1e-5d2a-4c6b-9e1f-2a3b4c5d6e7f';

// A station that adds up: 700 + 20 issued + 290 cancelled = 1010 received (registered 1000 + 1 %);
// 698 + 12 + 8 = 718 in the boxes ≤ 720 issued; 20 portable ≤ 25 requests; 400 + 250 + 50 + 18 invalid = 718.
const consistent = (): ProtocolFigures => ({
  registeredVoters: 1000,
  ballotsReceived: 1010,
  ballotsIssuedInside: 700,
  ballotsIssuedOutside: 20,
  outsideRequests: 25,
  ballotsCancelled: 290,
  fixedBoxBallots: 698,
  fixedBoxSealIntact: true,
  portableBoxes: [
    { ballots: 12, sealIntact: true },
    { ballots: 8, sealIntact: true },
  ],
  invalidBallots: 18,
  votes: [
    { optionId: 1, votes: 400 },
    { optionId: 2, votes: 250 },
    { optionId: 3, votes: 50 },
  ],
  signatures: { chair: true, secretary: true, members: 5 },
  photoEvidenceIds: [PHOTO],
});
const context: ProtocolCheckContext = { ownTurnoutTally: 715, options: [{ id: 1 }, { id: 2 }, { id: 3 }] };

const only = (checks: ProtocolCheck[], code: ProtocolCheckCode) => checks.filter((c) => c.code === code);
function one(checks: ProtocolCheck[], code: ProtocolCheckCode): ProtocolCheck {
  const found = only(checks, code);
  expect(found).toHaveLength(1);
  return found[0]!;
}
const run = (change: Partial<ProtocolFigures>, ctx: Partial<ProtocolCheckContext> = {}) =>
  checkProtocol({ ...consistent(), ...change }, { ...context, ...ctx });

describe('checkProtocol on a consistent protocol', () => {
  it('returns every check, each passed', () => {
    const checks = checkProtocol(consistent(), context);
    expect(checks.map((c) => c.code)).toEqual([...PROTOCOL_CHECK_CODES]);
    for (const c of checks) expect(c, c.code).toMatchObject({ ok: true, severity: PROTOCOL_CHECK_SEVERITY[c.code] });
    expect(protocolAddsUp(checks)).toBe(true);
    expect(protocolAddsUp(checks, 'warning')).toBe(true);
  });

  it('leaves out the own-tally check when the observer kept no tally', () => {
    for (const ownTurnoutTally of [null, undefined]) {
      const checks = run({}, { ownTurnoutTally });
      expect(only(checks, 'own_tally')).toEqual([]);
      expect(checks.every((c) => c.ok)).toBe(true);
    }
  });
});

describe('received_balance: received = issued inside + issued outside + cancelled', () => {
  it.each([
    { received: 1010, ok: true, why: 'equal' },
    { received: 1011, ok: false, why: 'one more received' },
    { received: 1009, ok: false, why: 'one fewer received' },
  ])('$received received ($why): ok $ok', ({ received, ok }) => {
    expect(one(run({ ballotsReceived: received }), 'received_balance')).toMatchObject({
      ok,
      severity: 'error',
      expected: 1010,
      actual: received,
    });
  });

  it.each([
    { change: { ballotsCancelled: 291 }, ok: false },
    { change: { ballotsIssuedOutside: 19 }, ok: false },
    { change: { ballotsIssuedInside: 699, ballotsCancelled: 291 }, ok: true },
  ])('moving figures on the right-hand side: $change → ok $ok', ({ change, ok }) => {
    expect(one(run(change), 'received_balance').ok).toBe(ok);
  });
});

describe('boxes_le_issued: fixed + portable ≤ issued inside + outside', () => {
  it.each([
    { fixed: 699, ok: true, why: 'one below' },
    { fixed: 700, ok: true, why: 'equal (720 in boxes, 720 issued)' },
    { fixed: 701, ok: false, why: 'one over' },
  ])('fixed box $fixed ($why): ok $ok', ({ fixed, ok }) => {
    expect(one(run({ fixedBoxBallots: fixed }), 'boxes_le_issued')).toMatchObject({
      ok,
      severity: 'error',
      expected: 720,
      actual: fixed + 20,
    });
  });

  it('counts the portable boxes too', () => {
    const c = one(run({ fixedBoxBallots: 700, portableBoxes: [{ ballots: 21, sealIntact: true }] }), 'boxes_le_issued');
    expect(c).toMatchObject({ ok: false, expected: 720, actual: 721 });
  });
});

describe('portable_le_requests: ballots in portable boxes ≤ written requests to vote outside', () => {
  const box = (ballots: number) => ({ ballots, sealIntact: true });
  it.each([
    { boxes: [12, 8], requests: 21, failed: [], why: 'below' },
    { boxes: [12, 8], requests: 20, failed: [], why: 'sum equal to requests' },
    { boxes: [12, 8], requests: 19, failed: [0, 1], why: 'sum one over: both boxes flagged' },
    { boxes: [26], requests: 25, failed: [0], why: 'a single box one over' },
    { boxes: [0, 21], requests: 20, failed: [1], why: 'only the box holding ballots is flagged' },
    { boxes: [], requests: 0, failed: [], why: 'no portable box' },
    { boxes: [0], requests: 0, failed: [], why: 'an empty box, no requests' },
    { boxes: [1], requests: 0, failed: [0], why: 'a ballot with no request at all' },
  ])('boxes $boxes with $requests requests ($why)', ({ boxes, requests, failed }) => {
    const checks = only(run({ portableBoxes: boxes.map(box), outsideRequests: requests }), 'portable_le_requests');
    const total = boxes.reduce((a, b) => a + b, 0);
    if (failed.length === 0) {
      expect(checks).toEqual([
        { code: 'portable_le_requests', severity: 'error', ok: true, expected: requests, actual: total },
      ]);
    } else {
      expect(checks.map((c) => c.boxIndex)).toEqual(failed);
      for (const c of checks)
        expect(c).toMatchObject({ ok: false, severity: 'error', expected: requests, actual: total });
    }
  });

  it('flags an impossible portable box and says the whole box is invalid', () => {
    // 30 ballots came home in the box but only 25 voters asked to vote at home.
    const checks = run({ outsideRequests: 25, portableBoxes: [box(30)], fixedBoxBallots: 690 });
    const flagged = one(checks, 'portable_le_requests');
    expect(flagged).toMatchObject({ ok: false, boxIndex: 0, expected: 25, actual: 30 });
    expect(protocolAddsUp(checks)).toBe(false);
    expect(protocolCheckMessage(flagged, 'en')).toBe(
      'The portable boxes hold 30 ballots but there were only 25 written requests to vote outside. ' +
        'When a portable box holds more ballots than requests, every ballot in that box is invalid: check portable box no. 1.',
    );
    expect(protocolCheckMessage(flagged, 'ru')).toContain('все бюллетени в нём недействительны');
    expect(protocolCheckMessage(flagged, 'kk')).toContain('барлық бюллетень жарамсыз');
    // The other checks still hold: 690 + 30 = 720 in the boxes, votes + invalid = 718 ≠ 720 only.
    expect(one(checks, 'boxes_le_issued').ok).toBe(true);
  });
});

describe('votes_balance: votes for every option + invalid = ballots in the boxes', () => {
  it.each([
    { invalid: 18, ok: true, why: 'equal (700 + 18 = 718)' },
    { invalid: 19, ok: false, why: 'one over' },
    { invalid: 17, ok: false, why: 'one under' },
  ])('$invalid invalid ($why): ok $ok', ({ invalid, ok }) => {
    expect(one(run({ invalidBallots: invalid }), 'votes_balance')).toMatchObject({
      ok,
      severity: 'error',
      expected: 718,
      actual: 700 + invalid,
    });
  });

  it('counts the "against all" line and notices a vote moved into the boxes', () => {
    const votes = [
      { optionId: 1, votes: 400 },
      { optionId: 2, votes: 250 },
      { optionId: 3, votes: 51 },
    ];
    expect(one(run({ votes }), 'votes_balance')).toMatchObject({ ok: false, actual: 719 });
    expect(one(run({ votes, fixedBoxBallots: 699 }), 'votes_balance')).toMatchObject({ ok: true, expected: 719 });
  });
});

describe('turnout_le_registered: issued inside + outside ≤ registered voters', () => {
  it.each([
    { registered: 721, ok: true, why: 'one spare' },
    { registered: 720, ok: true, why: 'equal: everyone voted' },
    { registered: 719, ok: false, why: 'one more voter than the list' },
  ])('$registered registered ($why): ok $ok', ({ registered, ok }) => {
    expect(one(run({ registeredVoters: registered }), 'turnout_le_registered')).toMatchObject({
      ok,
      severity: 'error',
      expected: registered,
      actual: 720,
    });
  });
});

describe('received_within_reserve: received ≤ ceil(registered × 1.01) + tolerance', () => {
  it('tolerates two ballots over the rounded-up reserve', () => {
    expect(RESERVE_TOLERANCE_BALLOTS).toBe(2);
  });

  it.each([
    { registered: 1000, limit: 1012 },
    { registered: 150, limit: 154 }, // 151.5 rounds up to 152
    { registered: 100, limit: 103 },
    { registered: 1, limit: 4 },
    { registered: 0, limit: 2 },
    { registered: 2_345_678, limit: 2_369_137 }, // 2 369 134.78 → 2 369 135
  ])('registered $registered: limit $limit', ({ registered, limit }) => {
    expect(reserveLimit(registered)).toBe(limit);
  });

  it.each([
    { registered: 1000, received: 1012, ok: true },
    { registered: 1000, received: 1013, ok: false },
    { registered: 150, received: 154, ok: true },
    { registered: 150, received: 155, ok: false },
    { registered: 0, received: 2, ok: true },
    { registered: 0, received: 3, ok: false },
  ])('$received received for $registered registered: ok $ok', ({ registered, received, ok }) => {
    expect(
      one(run({ registeredVoters: registered, ballotsReceived: received }), 'received_within_reserve'),
    ).toMatchObject({ ok, severity: 'warning', expected: reserveLimit(registered), actual: received });
  });
});

describe("own_tally: the protocol's turnout against the observer's own count", () => {
  // Flagged only when apart by more than 5 % of the larger figure and more than 20 voters.
  it.each([
    { inside: 700, own: 720, ok: true, why: 'the same' },
    { inside: 700, own: 684, ok: true, why: '36 under 720: exactly 5 %' },
    { inside: 700, own: 683, ok: false, why: '37 under 720: over 5 %' },
    { inside: 700, own: 757, ok: true, why: '37 over: under 5 % of 757' },
    { inside: 700, own: 758, ok: false, why: '38 over: over 5 % of 758' },
    { inside: 280, own: 280, ok: true, why: '20 under 300: 20 voters is not more than 20' },
    { inside: 280, own: 279, ok: false, why: '21 under 300: over 20 and over 5 %' },
    { inside: 280, own: 320, ok: true, why: '20 over 300' },
    { inside: 280, own: 321, ok: false, why: '21 over 300: over 20 and over 5 % of 321' },
  ])('protocol $inside + 20, own $own ($why)', ({ inside, own, ok }) => {
    expect(one(run({ ballotsIssuedInside: inside }, { ownTurnoutTally: own }), 'own_tally')).toMatchObject({
      ok,
      severity: 'warning',
      expected: inside + 20,
      actual: own,
    });
  });

  it('tolerates up to 20 voters on a small station even beyond 5 %', () => {
    const small = { ballotsIssuedInside: 40, ballotsIssuedOutside: 0 };
    expect(one(run(small, { ownTurnoutTally: 60 }), 'own_tally').ok).toBe(true);
    expect(one(run(small, { ownTurnoutTally: 61 }), 'own_tally').ok).toBe(false);
  });
});

describe('options_complete: each ballot option has exactly one vote figure', () => {
  const v = (optionId: number, votes = 1) => ({ optionId, votes });
  const options: Pick<BallotOption, 'id'>[] = [{ id: 1 }, { id: 2 }, { id: 3 }];
  it.each([
    { votes: [v(1), v(2), v(3)], ok: true, ids: undefined, once: 3, why: 'all three once' },
    { votes: [v(3), v(1), v(2)], ok: true, ids: undefined, once: 3, why: 'any order' },
    { votes: [v(1), v(2), v(3, 0)], ok: true, ids: undefined, once: 3, why: 'a zero is a figure' },
    { votes: [v(1), v(2)], ok: false, ids: [3], once: 2, why: '"against all" missing' },
    { votes: [v(1), v(2), v(2), v(3)], ok: false, ids: [2], once: 2, why: 'option 2 twice' },
    { votes: [v(1), v(2), v(3), v(9)], ok: false, ids: [9], once: 3, why: 'an option not on the ballot' },
    { votes: [v(9), v(2), v(2)], ok: false, ids: [1, 2, 3, 9], once: 0, why: 'everything wrong' },
    { votes: [], ok: false, ids: [1, 2, 3], once: 0, why: 'no figures' },
  ])('$why', ({ votes, ok, ids, once }) => {
    const c = one(run({ votes }, { options }), 'options_complete');
    expect(c).toMatchObject({ ok, severity: 'error', expected: 3, actual: once });
    expect(c.optionIds).toEqual(ids);
  });

  it('passes an election with no options only when no figure is given', () => {
    expect(one(run({ votes: [] }, { options: [] }), 'options_complete')).toMatchObject({ ok: true, expected: 0 });
    expect(one(run({ votes: [v(1)] }, { options: [] }), 'options_complete')).toMatchObject({
      ok: false,
      optionIds: [1],
    });
  });
});

describe('protocolAddsUp', () => {
  it('fails on an error, and on a warning only when asked about warnings', () => {
    const warned = run({}, { ownTurnoutTally: 500 });
    expect(protocolAddsUp(warned)).toBe(true);
    expect(protocolAddsUp(warned, 'warning')).toBe(false);
    expect(protocolAddsUp(run({ invalidBallots: 19 }))).toBe(false);
  });
});

describe('ProtocolFigures schema', () => {
  it('accepts the consistent protocol', () => {
    expect(ProtocolFigures.safeParse(consistent()).success).toBe(true);
  });

  it.each([
    { change: { registeredVoters: -1 }, why: 'a negative figure' },
    { change: { ballotsReceived: 10.5 }, why: 'a fraction' },
    { change: { invalidBallots: 10_000_001 }, why: 'over ten million' },
    {
      change: { portableBoxes: Array.from({ length: 21 }, () => ({ ballots: 0, sealIntact: true })) },
      why: '21 boxes',
    },
    { change: { votes: [{ optionId: 1, votes: -3 }] }, why: 'negative votes' },
    { change: { photoEvidenceIds: ['not-a-uuid'] }, why: 'a photo id that is no uuid' },
    { change: { signatures: { chair: true, secretary: true, members: -1 } }, why: 'negative members' },
  ])('rejects $why', ({ change }) => {
    expect(ProtocolFigures.safeParse({ ...consistent(), ...change }).success).toBe(false);
  });

  it('accepts the edges of the ranges', () => {
    const edges = {
      ...consistent(),
      registeredVoters: 10_000_000,
      ballotsCancelled: 0,
      portableBoxes: Array.from({ length: 20 }, () => ({ ballots: 0, sealIntact: false })),
    };
    expect(ProtocolFigures.safeParse(edges).success).toBe(true);
  });
});

describe('inBallotOrder', () => {
  it('sorts by position, then id, without touching the input', () => {
    const input = [
      { id: 7, position: 3 },
      { id: 2, position: 1 },
      { id: 5, position: 2 },
      { id: 4, position: 2 },
    ];
    expect(inBallotOrder(input).map((o) => o.id)).toEqual([2, 4, 5, 7]);
    expect(input.map((o) => o.id)).toEqual([7, 2, 5, 4]);
  });
});

describe('check texts', () => {
  const kazakhLetters = /[әғқңөұүһі]/i;
  it.each(PROTOCOL_CHECK_CODES.map((code) => ({ code })))(
    '$code has a title and a message in kk, ru and en',
    ({ code }) => {
      for (const texts of [PROTOCOL_CHECK_TITLES[code], PROTOCOL_CHECK_MESSAGES[code]]) {
        for (const lang of LANGUAGES) expect(texts[lang].trim().length, `${code} ${lang}`).toBeGreaterThan(10);
        expect(new Set(LANGUAGES.map((l) => texts[l])).size).toBe(3);
        expect(texts.kk).toMatch(kazakhLetters);
        expect(texts.ru).toMatch(/[а-яё]/i);
        expect(texts.ru).not.toMatch(kazakhLetters);
        expect(texts.en).not.toMatch(/[а-яё]/i);
        // The same placeholders in every language.
        const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(placeholders(texts.kk)).toEqual(placeholders(texts.en));
        expect(placeholders(texts.ru)).toEqual(placeholders(texts.en));
      }
      expect(PROTOCOL_CHECK_TITLES[code].en).not.toContain('{{');
    },
  );

  it('fills every placeholder of every failed check', () => {
    // Everything wrong at once, so every check fails.
    const broken: ProtocolFigures = {
      ...consistent(),
      registeredVoters: 500,
      ballotsReceived: 900,
      outsideRequests: 5,
      fixedBoxBallots: 800,
      invalidBallots: 3,
      votes: [{ optionId: 1, votes: 10 }],
    };
    const failed = checkProtocol(broken, { ...context, ownTurnoutTally: 100 }).filter((c) => !c.ok);
    expect(new Set(failed.map((c) => c.code))).toEqual(new Set(PROTOCOL_CHECK_CODES));
    for (const c of failed) {
      for (const lang of LANGUAGES) {
        const text = protocolCheckMessage(c, lang);
        expect(text, `${c.code} ${lang}`).not.toMatch(/\{\{|\}\}/);
        expect(text).toContain(String(c.actual));
      }
    }
  });
});

import { z } from 'zod';
import { BallotOption } from './elections.ts';
import { type Language, LocalizedText } from './i18n.ts';
import { EvidenceSummary } from './violations.ts';
import { turnoutDiscrepancy } from './turnout.ts';

/**
 * The results protocol (issue 8; domain brief, "Counting and the results protocol"): the figures an
 * observer copies from the commission's protocol, and the arithmetic checks that say at once whether
 * they can all be true. The same `checkProtocol` runs in the field app while the figures are typed
 * and on the server when the protocol arrives.
 */

// ---------------------------------------------------------------------------------------------
// The ballot
// ---------------------------------------------------------------------------------------------

/**
 * The ballot the protocol is counted against. `BallotOption` lives in shared/elections.ts (the
 * election carries its options); it is not redefined here so that there is one contract for it.
 */
export const ProtocolBallot = z.object({
  electionId: z.number().int(),
  electionName: LocalizedText,
  /** In ballot order (see `inBallotOrder`); includes "against all" where the election has it. */
  options: z.array(BallotOption),
});
export type ProtocolBallot = z.infer<typeof ProtocolBallot>;

/** Ballot order: by position on the ballot, id as a stable tie-break. Returns a new array. */
export function inBallotOrder<T extends Pick<BallotOption, 'id' | 'position'>>(options: readonly T[]): T[] {
  return [...options].sort((a, b) => a.position - b.position || a.id - b.id);
}

// ---------------------------------------------------------------------------------------------
// The figures
// ---------------------------------------------------------------------------------------------

const Figure = z.number().int().min(0).max(10_000_000);

export const MAX_PORTABLE_BOXES = 20;
export const MAX_PROTOCOL_PHOTOS = 10;

/** One portable box, in the order the commission opened them (they are opened before the fixed box). */
export const PortableBox = z.object({
  /** Ballots found in this box. */
  ballots: Figure,
  /** The seal on this box was whole when the commission checked it before opening. */
  sealIntact: z.boolean(),
});
export type PortableBox = z.infer<typeof PortableBox>;

/** Votes for one option of the ballot (a candidate, a party, or "against all"). */
export const OptionVotes = z.object({
  /** `BallotOption.id` of the active election. */
  optionId: z.number().int(),
  votes: Figure,
});
export type OptionVotes = z.infer<typeof OptionVotes>;

/** Who signed the protocol copy given to the observer. */
export const ProtocolSignatures = z.object({
  chair: z.boolean(),
  secretary: z.boolean(),
  /** How many other commission members signed. */
  members: z.number().int().min(0).max(50),
});
export type ProtocolSignatures = z.infer<typeof ProtocolSignatures>;

/**
 * Every figure of the protocol. The schema checks only that each is a whole number in range: the
 * arithmetic between them is `checkProtocol`'s job, because a protocol whose figures do not add up
 * is still evidence the observer must be able to send.
 */
export const ProtocolFigures = z.object({
  /** Voters on the station's list (including those added on the day). */
  registeredVoters: Figure,
  /** Ballots the commission received from the commission above it. */
  ballotsReceived: Figure,
  /** Ballots issued to voters in the station. */
  ballotsIssuedInside: Figure,
  /** Ballots issued to voters outside the station (at home), i.e. outside-voting requests served. */
  ballotsIssuedOutside: Figure,
  /** Written requests to vote outside the station. */
  outsideRequests: Figure,
  /** Unused ballots counted and cancelled (corner cut) before any box was opened. */
  ballotsCancelled: Figure,
  /** Ballots found in the fixed (stationary) box. */
  fixedBoxBallots: Figure,
  /** The seal on the fixed box was whole when the commission checked it. */
  fixedBoxSealIntact: z.boolean(),
  /** Ballots found in each portable box; empty when the station used none. */
  portableBoxes: z.array(PortableBox).max(MAX_PORTABLE_BOXES),
  /** Ballots declared invalid (pencil, corrections, several marks, no member's signature, or a whole portable box). */
  invalidBallots: Figure,
  /** Votes for each ballot option, "against all" included. */
  votes: z.array(OptionVotes).max(200),
  signatures: ProtocolSignatures,
  /** Evidence ids of the photos of the protocol copy (uploaded separately, may arrive later). */
  photoEvidenceIds: z.array(z.uuid()).max(MAX_PROTOCOL_PHOTOS),
});
export type ProtocolFigures = z.infer<typeof ProtocolFigures>;

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

export const PROTOCOL_CHECK_CODES = [
  'received_balance',
  'boxes_le_issued',
  'portable_le_requests',
  'votes_balance',
  'turnout_le_registered',
  'received_within_reserve',
  'own_tally',
  'options_complete',
] as const;
export const ProtocolCheckCode = z.enum(PROTOCOL_CHECK_CODES);
export type ProtocolCheckCode = z.infer<typeof ProtocolCheckCode>;

export const ProtocolCheckSeverity = z.enum(['error', 'warning']);
export type ProtocolCheckSeverity = z.infer<typeof ProtocolCheckSeverity>;

/**
 * `error`: the figures cannot all be true, or the law was broken (a portable box holding more
 * ballots than requests). `warning`: possible but worth a question — the reserve of ballots is an
 * approximate figure, and the observer's own tally is a count by hand. Neither blocks sending: a
 * copy that does not add up is exactly what the network needs to see.
 */
export const PROTOCOL_CHECK_SEVERITY: Record<ProtocolCheckCode, ProtocolCheckSeverity> = {
  received_balance: 'error',
  boxes_le_issued: 'error',
  portable_le_requests: 'error',
  votes_balance: 'error',
  turnout_le_registered: 'error',
  received_within_reserve: 'warning',
  own_tally: 'warning',
  options_complete: 'error',
};

export const ProtocolCheck = z.object({
  code: ProtocolCheckCode,
  severity: ProtocolCheckSeverity,
  ok: z.boolean(),
  /** What the rule allows or requires (the right-hand side), when the check compares numbers. */
  expected: z.number().int().optional(),
  /** What the protocol gives (the left-hand side). */
  actual: z.number().int().optional(),
  /** 0-based index into `portableBoxes` of a box the check is about. */
  boxIndex: z.number().int().min(0).optional(),
  /** Ballot options missing, repeated or unknown (only on a failed `options_complete`). */
  optionIds: z.array(z.number().int()).optional(),
});
export type ProtocolCheck = z.infer<typeof ProtocolCheck>;

/**
 * The domain brief says ballots received ≈ registered voters + 1 %. The higher commission rounds
 * the reserve and hands ballots out in whole packs, so up to this many ballots over
 * ceil(registered × 1.01) is not worth a warning; more than that is.
 */
export const RESERVE_TOLERANCE_BALLOTS = 2;
/** The reserve itself: 1 % of the registered voters, rounded up. */
export const reserveLimit = (registeredVoters: number): number =>
  Math.ceil((registeredVoters * 101) / 100) + RESERVE_TOLERANCE_BALLOTS;

export interface ProtocolCheckContext {
  /** The observer's own count of voters who took part; null or absent when they kept none. */
  ownTurnoutTally?: number | null;
  /** The active election's ballot options. */
  options: readonly Pick<BallotOption, 'id'>[];
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/** Ballots in all the boxes: the fixed one and every portable one. */
export const ballotsInBoxes = (f: Pick<ProtocolFigures, 'fixedBoxBallots' | 'portableBoxes'>): number =>
  f.fixedBoxBallots + sum(f.portableBoxes.map((b) => b.ballots));

/** Voters who took part: ballots issued in the station and outside it. */
export const protocolTurnout = (f: Pick<ProtocolFigures, 'ballotsIssuedInside' | 'ballotsIssuedOutside'>): number =>
  f.ballotsIssuedInside + f.ballotsIssuedOutside;

function check(code: ProtocolCheckCode, ok: boolean, extra: Omit<ProtocolCheck, 'code' | 'severity' | 'ok'> = {}) {
  return { code, severity: PROTOCOL_CHECK_SEVERITY[code], ok, ...extra } satisfies ProtocolCheck;
}

/**
 * Every arithmetic check of the protocol, passed ones included (`ok: true`), so the field app can
 * show a green tick beside each rule as the figures are typed. Order follows PROTOCOL_CHECK_CODES.
 *
 * - `own_tally` appears only when the observer kept a tally: a tick for a comparison not made
 *   would mislead.
 * - `portable_le_requests`: the protocol records one number of outside-voting requests for the
 *   station, not one per box, so the sum of all portable boxes is compared with it. When it passes
 *   there is one entry; when it fails there is one failed entry per portable box holding ballots
 *   (with `boxIndex`), since any of them may be the box that exceeded its requests — and every
 *   ballot in that box is invalid.
 */
export function checkProtocol(figures: ProtocolFigures, context: ProtocolCheckContext): ProtocolCheck[] {
  const checks: ProtocolCheck[] = [];
  const issued = protocolTurnout(figures);
  const inBoxes = ballotsInBoxes(figures);

  const accounted = issued + figures.ballotsCancelled;
  checks.push(
    check('received_balance', figures.ballotsReceived === accounted, {
      expected: accounted,
      actual: figures.ballotsReceived,
    }),
  );

  checks.push(check('boxes_le_issued', inBoxes <= issued, { expected: issued, actual: inBoxes }));

  const portable = sum(figures.portableBoxes.map((b) => b.ballots));
  const requests = figures.outsideRequests;
  if (portable <= requests) {
    checks.push(check('portable_le_requests', true, { expected: requests, actual: portable }));
  } else {
    figures.portableBoxes.forEach((box, boxIndex) => {
      if (box.ballots > 0)
        checks.push(check('portable_le_requests', false, { expected: requests, actual: portable, boxIndex }));
    });
  }

  const counted = sum(figures.votes.map((v) => v.votes)) + figures.invalidBallots;
  checks.push(check('votes_balance', counted === inBoxes, { expected: inBoxes, actual: counted }));

  checks.push(
    check('turnout_le_registered', issued <= figures.registeredVoters, {
      expected: figures.registeredVoters,
      actual: issued,
    }),
  );

  const limit = reserveLimit(figures.registeredVoters);
  checks.push(
    check('received_within_reserve', figures.ballotsReceived <= limit, {
      expected: limit,
      actual: figures.ballotsReceived,
    }),
  );

  const own = context.ownTurnoutTally ?? null;
  if (own !== null) {
    checks.push(check('own_tally', !turnoutDiscrepancy(issued, own), { expected: issued, actual: own }));
  }

  const known = new Set(context.options.map((o) => o.id));
  const seen = new Map<number, number>();
  for (const v of figures.votes) seen.set(v.optionId, (seen.get(v.optionId) ?? 0) + 1);
  const problems = new Set<number>();
  for (const id of known) if (seen.get(id) !== 1) problems.add(id);
  for (const id of seen.keys()) if (!known.has(id)) problems.add(id);
  const once = [...known].filter((id) => seen.get(id) === 1).length;
  checks.push(
    check('options_complete', problems.size === 0, {
      expected: known.size,
      actual: once,
      ...(problems.size > 0 ? { optionIds: [...problems].sort((a, b) => a - b) } : {}),
    }),
  );

  return checks;
}

/** True when no check at the given severity (errors by default) failed. */
export const protocolAddsUp = (checks: readonly ProtocolCheck[], severity: ProtocolCheckSeverity = 'error') =>
  !checks.some((c) => !c.ok && c.severity === severity);

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/** The rule itself, shown beside a tick or a cross. No placeholders. */
export const PROTOCOL_CHECK_TITLES: Record<ProtocolCheckCode, LocalizedText> = {
  received_balance: {
    kk: 'Алынғаны = үй-жайда берілгені + үй-жайдан тыс берілгені + өтелгені',
    ru: 'Получено = выдано в помещении + выдано вне помещения + погашено',
    en: 'Received = issued at the station + issued outside + cancelled',
  },
  boxes_le_issued: {
    kk: 'Жәшіктердегі бюллетеньдер ≤ берілген бюллетеньдер',
    ru: 'Бюллетеней в ящиках ≤ выданных бюллетеней',
    en: 'Ballots in the boxes ≤ ballots issued',
  },
  portable_le_requests: {
    kk: 'Көшпелі жәшіктердегі бюллетеньдер ≤ үй-жайдан тыс дауыс беруге жазбаша өтініштер',
    ru: 'Бюллетеней в переносных ящиках ≤ письменных заявлений о голосовании вне помещения',
    en: 'Ballots in portable boxes ≤ written requests to vote outside',
  },
  votes_balance: {
    kk: 'Жарамды дауыстар + жарамсыз бюллетеньдер = жәшіктердегі бюллетеньдер',
    ru: 'Действительные голоса + недействительные бюллетени = бюллетени в ящиках',
    en: 'Valid votes + invalid ballots = ballots in the boxes',
  },
  turnout_le_registered: {
    kk: 'Бюллетень алған сайлаушылар ≤ тізімдегі сайлаушылар',
    ru: 'Получили бюллетень ≤ избирателей в списке',
    en: 'Voters given a ballot ≤ registered voters',
  },
  received_within_reserve: {
    kk: 'Алынған бюллетеньдер ≤ сайлаушылар саны + 1 % резерв',
    ru: 'Получено бюллетеней ≤ число избирателей + 1 % резерва',
    en: 'Ballots received ≤ registered voters + 1 % reserve',
  },
  own_tally: {
    kk: 'Хаттамадағы қатысу бақылаушының өз есебіне сәйкес келеді',
    ru: 'Явка по протоколу сходится с подсчётом наблюдателя',
    en: "Turnout in the protocol matches the observer's own tally",
  },
  options_complete: {
    kk: 'Бюллетеньдегі әр нұсқаның дауыс саны бір рет көрсетілген',
    ru: 'Для каждой позиции бюллетеня указано одно число голосов',
    en: 'Every ballot option has exactly one vote figure',
  },
};

/**
 * What is wrong when a check fails. Placeholders: {{expected}} and {{actual}} (the check's
 * numbers), {{box}} (the 1-based portable box number). Fill them with `protocolCheckMessage`.
 */
export const PROTOCOL_CHECK_MESSAGES: Record<ProtocolCheckCode, LocalizedText> = {
  received_balance: {
    kk: 'Комиссия {{actual}} бюллетень алған, ал үй-жайда, үй-жайдан тыс берілген және өтелген бюллетеньдердің қосындысы — {{expected}}.',
    ru: 'Комиссия получила {{actual}} бюллетеней, а выданные в помещении, вне помещения и погашенные в сумме дают {{expected}}.',
    en: 'The commission received {{actual}} ballots, but those issued at the station, issued outside it and cancelled add up to {{expected}}.',
  },
  boxes_le_issued: {
    kk: 'Жәшіктерде {{actual}} бюллетень бар, бұл сайлаушыларға берілген бюллетеньдерден ({{expected}}) көп.',
    ru: 'В ящиках {{actual}} бюллетеней — больше, чем выдано избирателям ({{expected}}).',
    en: 'The boxes hold {{actual}} ballots, more than the {{expected}} issued to voters.',
  },
  portable_le_requests: {
    kk: 'Көшпелі жәшіктерде {{actual}} бюллетень бар, ал үй-жайдан тыс дауыс беруге жазбаша өтініш тек {{expected}}. Көшпелі жәшіктегі бюллетеньдер өтініштерден көп болса, ондағы барлық бюллетень жарамсыз деп танылады: № {{box}} көшпелі жәшікті тексеріңіз.',
    ru: 'В переносных ящиках {{actual}} бюллетеней, а письменных заявлений о голосовании вне помещения только {{expected}}. Если в переносном ящике бюллетеней больше, чем заявлений, все бюллетени в нём недействительны: проверьте переносной ящик № {{box}}.',
    en: 'The portable boxes hold {{actual}} ballots but there were only {{expected}} written requests to vote outside. When a portable box holds more ballots than requests, every ballot in that box is invalid: check portable box no. {{box}}.',
  },
  votes_balance: {
    kk: 'Барлық нұсқаға берілген дауыстар жарамсыз бюллетеньдермен бірге {{actual}} болады, ал жәшіктерде {{expected}} бюллетень болған.',
    ru: 'Голоса за все позиции бюллетеня вместе с недействительными бюллетенями дают {{actual}}, а в ящиках было {{expected}} бюллетеней.',
    en: 'Votes for all options plus invalid ballots come to {{actual}}, but the boxes held {{expected}} ballots.',
  },
  turnout_le_registered: {
    kk: '{{actual}} бюллетень берілген, бұл тізімдегі сайлаушылар санынан ({{expected}}) көп.',
    ru: 'Выдано {{actual}} бюллетеней — больше, чем избирателей в списке ({{expected}}).',
    en: '{{actual}} ballots were issued, more than the {{expected}} registered voters.',
  },
  received_within_reserve: {
    kk: 'Комиссия {{actual}} бюллетень алған, бұл сайлаушылар саны мен 1 % резерв рұқсат ететін шектен ({{expected}}) көп.',
    ru: 'Комиссия получила {{actual}} бюллетеней — больше, чем допускают число избирателей и резерв 1 % ({{expected}}).',
    en: 'The commission received {{actual}} ballots, more than registered voters plus the 1 % reserve allow ({{expected}}).',
  },
  own_tally: {
    kk: 'Хаттама бойынша {{expected}} сайлаушы дауыс берген, ал бақылаушы {{actual}} сайлаушы санаған: айырма 5 %-дан және 20 адамнан асады.',
    ru: 'По протоколу проголосовали {{expected}} избирателей, а наблюдатель насчитал {{actual}}: расхождение больше 5 % и больше 20 человек.',
    en: 'The protocol says {{expected}} voters took part; the observer counted {{actual}}, more than 5 % and 20 voters apart.',
  },
  options_complete: {
    kk: 'Дауыс сандары бюллетеньдегі {{expected}} нұсқаға сәйкес келмейді: тек {{actual}} нұсқаның саны бір рет көрсетілген; қалғанының саны жоқ не қайталанған, немесе сан бұл бюллетеньде жоқ нұсқаға жазылған.',
    ru: 'Числа голосов не сходятся с {{expected}} позициями бюллетеня: ровно одно число указано только для {{actual}}; у остальных число пропущено или повторено, либо указано для позиции, которой нет в этом бюллетене.',
    en: 'The vote figures do not match the {{expected}} options on the ballot: only {{actual}} have exactly one figure; the rest are missing or repeated, or a figure is given for an option not on this ballot.',
  },
};

/** The failure message of a check in one language, its placeholders filled. */
export function protocolCheckMessage(c: ProtocolCheck, language: Language): string {
  const values: Record<string, string | undefined> = {
    expected: c.expected?.toString(),
    actual: c.actual?.toString(),
    box: c.boxIndex === undefined ? undefined : String(c.boxIndex + 1),
  };
  return PROTOCOL_CHECK_MESSAGES[c.code][language].replace(
    /\{\{(\w+)\}\}/g,
    (placeholder, name: string) => values[name] ?? placeholder,
  );
}

// ---------------------------------------------------------------------------------------------
// Where a station's protocol stands
// ---------------------------------------------------------------------------------------------

/**
 * The map layer's colours: `none` (no copy yet), `received` (the observer's copy, adding up),
 * `flagged` (the copy fails an error check), `verified` (double entry agreed or a supervisor
 * resolved it), `differs` (the official figures differ from the verified copy).
 */
export const PROTOCOL_STATES = ['none', 'received', 'flagged', 'verified', 'differs'] as const;
export const ProtocolState = z.enum(PROTOCOL_STATES);
export type ProtocolState = z.infer<typeof ProtocolState>;

/**
 * Double entry: `awaiting_entry` (the observer's copy is in; no operator has typed it from the
 * photo), `awaiting_observer` (an operator typed it; the observer's figures have not arrived),
 * `conflict` (the two entries differ; a supervisor decides), `verified`.
 */
export const ENTRY_STATUSES = ['awaiting_entry', 'awaiting_observer', 'conflict', 'verified'] as const;
export const EntryStatus = z.enum(ENTRY_STATUSES);
export type EntryStatus = z.infer<typeof EntryStatus>;

// ---------------------------------------------------------------------------------------------
// Figure by figure: conflicts, versions' changes
// ---------------------------------------------------------------------------------------------

/** The protocol's scalar figures, in the order of the paper form. */
export const SCALAR_FIGURES = [
  'registeredVoters',
  'ballotsReceived',
  'ballotsIssuedInside',
  'ballotsIssuedOutside',
  'outsideRequests',
  'ballotsCancelled',
  'fixedBoxBallots',
  'invalidBallots',
] as const satisfies readonly (keyof ProtocolFigures)[];
export type ScalarFigure = (typeof SCALAR_FIGURES)[number];

/**
 * A figure's key: a scalar figure's name, `fixedBoxSealIntact`, `signatures.chair`,
 * `signatures.secretary`, `signatures.members`, `portableBoxes.count`, `portableBoxes.<i>.ballots`,
 * `portableBoxes.<i>.sealIntact` (0-based i), or `votes.<optionId>`.
 */
export type FigureKey = string;
export type FigureValue = number | boolean;

/** The protocol as key → value, every figure that can differ between two entries. */
export function flattenFigures(f: ProtocolFigures): Map<FigureKey, FigureValue> {
  const out = new Map<FigureKey, FigureValue>();
  for (const key of SCALAR_FIGURES) out.set(key, f[key]);
  out.set('fixedBoxSealIntact', f.fixedBoxSealIntact);
  out.set('portableBoxes.count', f.portableBoxes.length);
  f.portableBoxes.forEach((box, i) => {
    out.set(`portableBoxes.${i}.ballots`, box.ballots);
    out.set(`portableBoxes.${i}.sealIntact`, box.sealIntact);
  });
  for (const v of f.votes) out.set(`votes.${v.optionId}`, v.votes);
  out.set('signatures.chair', f.signatures.chair);
  out.set('signatures.secretary', f.signatures.secretary);
  out.set('signatures.members', f.signatures.members);
  return out;
}

/**
 * One figure two protocols disagree on. In a double-entry conflict `a` is the observer's value and
 * `b` the operator's — except when both entries agree with each other but not with a supervisor's
 * verified version: then `a` is the entries' value and `b` the verified version's.
 */
export const FigureDifference = z.object({
  key: z.string(),
  /** The first entry's value (the observer's, or the earlier version's); null when it has no such figure. */
  a: z.union([z.number(), z.boolean()]).nullable(),
  /** The second entry's value (the operator's, or the new version's). */
  b: z.union([z.number(), z.boolean()]).nullable(),
});
export type FigureDifference = z.infer<typeof FigureDifference>;

/** Every figure whose value differs between two entries, in paper-form order (photos are not figures). */
export function protocolDifferences(a: ProtocolFigures, b: ProtocolFigures): FigureDifference[] {
  const fa = flattenFigures(a);
  const fb = flattenFigures(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  return keys
    .filter((key) => fa.get(key) !== fb.get(key))
    .map((key) => ({ key, a: fa.get(key) ?? null, b: fb.get(key) ?? null }));
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

const PersonRef = z.object({ id: z.number().int(), name: z.string() });

export const ProtocolStation = z.object({
  id: z.number().int(),
  number: z.number().int(),
  region: z.string(),
  address: z.string(),
  registeredVoters: z.number().int(),
});
export type ProtocolStation = z.infer<typeof ProtocolStation>;

/** One typed copy of the protocol: the observer's (from the field app) or an operator's (from the photo). */
export const ProtocolEntry = z.object({
  id: z.uuid(),
  source: z.enum(['observer', 'operator']),
  figures: ProtocolFigures,
  ownTally: z.number().int().nullable(),
  /** `checkProtocol` as the server computed it on receipt. */
  checks: z.array(ProtocolCheck),
  by: PersonRef,
  at: z.iso.datetime(),
});
export type ProtocolEntry = z.infer<typeof ProtocolEntry>;

/**
 * A verified version. `agreed`: the two entries matched; `resolved`: a supervisor settled the
 * conflicts; `corrected`: a supervisor changed a verified protocol. `changes` are against the
 * version before (for version 1: against the observer's entry, empty when agreed).
 */
export const ProtocolVersion = z.object({
  version: z.number().int().positive(),
  basis: z.enum(['agreed', 'resolved', 'corrected']),
  figures: ProtocolFigures,
  checks: z.array(ProtocolCheck),
  changes: z.array(FigureDifference),
  note: z.string(),
  by: PersonRef,
  at: z.iso.datetime(),
});
export type ProtocolVersion = z.infer<typeof ProtocolVersion>;

/** Official figures (the commission's per-station results): the protocol's numbers, portable boxes as one sum. */
export const OfficialFigures = z.object({
  registeredVoters: Figure,
  ballotsReceived: Figure,
  ballotsIssuedInside: Figure,
  ballotsIssuedOutside: Figure,
  outsideRequests: Figure,
  ballotsCancelled: Figure,
  fixedBoxBallots: Figure,
  portableBoxBallots: Figure,
  invalidBallots: Figure,
  votes: z.array(OptionVotes),
});
export type OfficialFigures = z.infer<typeof OfficialFigures>;

/** The keys compared with the official results, in order: scalar figures, portable ballots, then `votes.<optionId>`. */
export const OFFICIAL_SCALARS = [
  'registeredVoters',
  'ballotsReceived',
  'ballotsIssuedInside',
  'ballotsIssuedOutside',
  'outsideRequests',
  'ballotsCancelled',
  'fixedBoxBallots',
  'portableBoxBallots',
  'invalidBallots',
] as const satisfies readonly (keyof OfficialFigures)[];

/** A verified copy reduced to what the official results give. */
export function toOfficialShape(f: ProtocolFigures): OfficialFigures {
  return {
    registeredVoters: f.registeredVoters,
    ballotsReceived: f.ballotsReceived,
    ballotsIssuedInside: f.ballotsIssuedInside,
    ballotsIssuedOutside: f.ballotsIssuedOutside,
    outsideRequests: f.outsideRequests,
    ballotsCancelled: f.ballotsCancelled,
    fixedBoxBallots: f.fixedBoxBallots,
    portableBoxBallots: sum(f.portableBoxes.map((b) => b.ballots)),
    invalidBallots: f.invalidBallots,
    votes: f.votes,
  };
}

export const OfficialDifference = z.object({
  key: z.string(),
  copy: z.number().int(),
  official: z.number().int(),
  /** official − copy. */
  diff: z.number().int(),
});
export type OfficialDifference = z.infer<typeof OfficialDifference>;

/** Figure by figure, where the official results differ from the copy, largest difference first (then key order). */
export function officialDifferences(copy: OfficialFigures, official: OfficialFigures): OfficialDifference[] {
  const flat = (f: OfficialFigures) =>
    new Map<string, number>([
      ...OFFICIAL_SCALARS.map((k) => [k, f[k]] as [string, number]),
      ...f.votes.map((v) => [`votes.${v.optionId}`, v.votes] as [string, number]),
    ]);
  const c = flat(copy);
  const o = flat(official);
  const keys = [...new Set([...c.keys(), ...o.keys()])];
  return keys
    .map((key, order) => ({ key, copy: c.get(key) ?? 0, official: o.get(key) ?? 0, order }))
    .filter((d) => d.copy !== d.official)
    .map((d) => ({ ...d, diff: d.official - d.copy }))
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.order - y.order)
    .map(({ key, copy: cv, official: ov, diff }) => ({ key, copy: cv, official: ov, diff }));
}

/** Everything about one station's protocol (`GET /api/protocols/:stationId`). */
export const StationProtocol = z.object({
  station: ProtocolStation,
  ballot: ProtocolBallot,
  state: ProtocolState,
  /** Null until an entry exists. */
  status: EntryStatus.nullable(),
  /** The observer's latest copy. */
  observer: ProtocolEntry.nullable(),
  /** The operator's entry; only those who may resolve conflicts see it. */
  operator: ProtocolEntry.nullable(),
  /** Observer vs operator, figure by figure (`a` observer, `b` operator); empty unless `status` is `conflict`. */
  conflicts: z.array(FigureDifference),
  /** The current verified version, and all of them newest first. */
  verified: ProtocolVersion.nullable(),
  versions: z.array(ProtocolVersion),
  /** Photos of the copy (evidence with purpose `protocol_photo`). */
  photos: z.array(EvidenceSummary),
  official: OfficialFigures.nullable(),
  /** Verified copy vs official, largest first; empty when either is missing. */
  officialDifferences: z.array(OfficialDifference),
});
export type StationProtocol = z.infer<typeof StationProtocol>;

export const StationIdParams = z.object({ stationId: z.coerce.number().int().positive() });

/** One row of the protocols list (`GET /api/protocols`, CSV `GET /api/protocols.csv`). */
export const ProtocolSummary = z.object({
  stationId: z.number().int(),
  number: z.number().int(),
  region: z.string(),
  state: ProtocolState,
  status: EntryStatus.nullable(),
  /** Failed checks of the observer's copy (errors and warnings). */
  failedChecks: z.array(ProtocolCheckCode),
  conflicts: z.number().int(),
  photos: z.number().int(),
  verifiedVersion: z.number().int().nullable(),
  receivedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type ProtocolSummary = z.infer<typeof ProtocolSummary>;

export const ProtocolListQuery = z.object({
  region: z.string().optional(),
  state: ProtocolState.optional(),
  status: EntryStatus.optional(),
});

export const ProtocolList = z.object({
  items: z.array(ProtocolSummary),
  /** Stations by protocol state, over the whole scope (not only the filtered rows). */
  counts: z.record(ProtocolState, z.number().int()),
});
export type ProtocolList = z.infer<typeof ProtocolList>;

/** The operator's next station to type (`GET /api/protocols/entry/next`): never the observer's figures. */
export const EntryTask = z.object({
  station: ProtocolStation,
  ballot: ProtocolBallot,
  photos: z.array(EvidenceSummary),
  /** The task is held for this operator until then (another operator is given another station). */
  claimedUntil: z.iso.datetime(),
});
export type EntryTask = z.infer<typeof EntryTask>;

export const EntryNext = z.object({
  task: EntryTask.nullable(),
  /** Stations with a photo waiting for an operator's entry (including claimed ones). */
  waiting: z.number().int(),
});
export type EntryNext = z.infer<typeof EntryNext>;

export const EntryNextQuery = z.object({
  /** A station the operator passed over (an unreadable photo): give another one. */
  skip: z.coerce.number().int().positive().optional(),
});

/** An operator's entry; idempotent by `id` (a resent entry is answered as first stored). */
export const OperatorEntryBody = z.object({ id: z.uuid(), figures: ProtocolFigures });
export type OperatorEntryBody = z.infer<typeof OperatorEntryBody>;

/**
 * A supervisor's decision: the figures as they stand on the photo, against the version and the two
 * copies they saw (`StationProtocol.verified?.version`, `.observer?.id`, `.operator?.id`). Any of
 * them changed since (another supervisor, a new copy from the observer): 409, look again. Refused
 * (403) to the person who typed the operator's entry: four eyes.
 */
export const ResolveBody = z.object({
  /** The verified version the supervisor started from (null when none existed): 409 if another came since. */
  basedOnVersion: z.number().int().positive().nullable(),
  /** The observer's copy the supervisor saw (null when there was none): 409 if a newer one came since. */
  observerEntryId: z.uuid().nullable(),
  /** The operator's entry the supervisor saw (null when there was none): 409 if it differs now. */
  operatorEntryId: z.uuid().nullable(),
  figures: ProtocolFigures,
  note: z.string().trim().max(2000).default(''),
});
export type ResolveBody = z.infer<typeof ResolveBody>;

/** What a write changed, enough for the page to move on. */
export const ProtocolStatus = z.object({
  stationId: z.number().int(),
  state: ProtocolState,
  status: EntryStatus.nullable(),
  conflicts: z.number().int(),
  verifiedVersion: z.number().int().nullable(),
});
export type ProtocolStatus = z.infer<typeof ProtocolStatus>;

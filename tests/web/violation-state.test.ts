import { formatArticle } from '../../shared/violations.ts';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATEGORIES } from '../../shared/violation-catalogue.ts';
import type { ViolationCategory, ViolationChange } from '../../shared/violations.ts';
import {
  fromLocalInput,
  groupCategories,
  knownViolations,
  nextRound,
  phaseAt,
  resumeStep,
  summarize,
  toLocalInput,
  waitingCounts,
  type ChangeItem,
  type EvidenceItem,
  type SendState,
} from '../../web/src/features/field/violation-state.ts';

const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
let n = 0;
function change(
  violationId: string,
  body: ViolationChange,
  state: SendState = 'waiting',
  extra: Partial<ChangeItem> = {},
): ChangeItem {
  n += 1;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    violationId,
    envelope: { id, violationId, stationId: 7, electionId: 1, deviceTime: '2026-12-20T05:00:00Z', change: body },
    state,
    createdAt: n,
    attempts: 0,
    ...extra,
  };
}
const noticed = (description = 'two people in one booth'): ViolationChange => ({
  kind: 'noticed',
  categoryCode: 'voting.several_in_booth',
  observedAt: '2026-12-20T10:15:00+05:00',
  description,
  involved: ['voter'],
});
const told: ViolationChange = {
  kind: 'chair_notified',
  told: true,
  chairAnswer: 'will see',
  at: '2026-12-20T05:20:00Z',
};
const act: ViolationChange = {
  kind: 'act',
  at: '2026-12-20T05:40:00Z',
  act: {
    text: 'Two voters in one booth',
    copies: ['observer', 'commission', 'organisation'],
    coSigners: [{ name: 'A. Proxy', role: 'proxy' }],
    chairSignature: 'refused',
    secretarySignature: 'signed',
  },
};
function file(violationId: string, state: EvidenceItem['state'], extra: Partial<EvidenceItem> = {}): EvidenceItem {
  n += 1;
  return {
    id: `f${n}`,
    violationId,
    stationId: 7,
    purpose: 'evidence',
    blob: null,
    fileName: 'a.jpg',
    mime: 'image/jpeg',
    size: 100,
    capturedAt: '2026-12-20T05:16:00Z',
    preparing: false,
    declared: false,
    offset: 0,
    state,
    createdAt: n,
    ...extra,
  };
}

describe('summarize', () => {
  it('folds the steps of each violation into its status, what waits, and what was refused', () => {
    const changes = [
      change(V1, noticed(), 'sent', { ackStatus: 'reported' }),
      change(V2, noticed('leaflets on the table'), 'waiting'),
      change(V1, told, 'sent', { ackStatus: 'chair_notified' }),
      change(V1, { kind: 'detail', description: 'three people in one booth' }, 'sent'),
      change(V1, act, 'waiting'),
      change(V2, { kind: 'corrected', at: '2026-12-20T06:00:00Z' }, 'rejected', {
        refusal: { code: 'conflict', message: 'closed' },
      }),
    ];
    const files = [
      file(V1, 'done'),
      file(V1, 'waiting'),
      file(V2, 'rejected', { refusal: { code: 'x', message: 'y' } }),
    ];
    const [second, first] = summarize(changes, files);
    expect(first?.id).toBe(V1);
    // The act waits on the phone, yet the violation already shows where it is going.
    expect(first?.status).toBe('act_filed');
    expect(first?.description).toBe('three people in one booth');
    expect(first?.chair).toEqual({ told: true, answer: 'will see' });
    expect(first?.act?.chairSignature).toBe('refused');
    expect([first?.waitingSteps, first?.waitingFiles, first?.files.length]).toEqual([1, 1, 2]);
    expect(second?.id).toBe(V2);
    expect(second?.status).toBe('reported');
    expect(second?.corrected).toBeNull();
    expect(second?.problems.map((p) => p.kind)).toEqual(['corrected', 'evidence']);
    expect(waitingCounts(changes, files)).toEqual({ steps: 2, files: 1 });
  });

  it('takes the status the server answered with over the phone’s own guess', () => {
    const [v] = summarize(
      [change(V1, noticed(), 'sent', { ackStatus: 'with_legal' }), change(V1, told, 'waiting')],
      [],
    );
    expect(v?.status).toBe('with_legal');
  });

  it('marks a violation whose first step was refused', () => {
    const [v] = summarize([change(V1, noticed(), 'rejected', { refusal: { code: 'forbidden', message: 'no' } })], []);
    expect(v?.refused).toEqual({ code: 'forbidden', message: 'no' });
  });
});

describe('nextRound', () => {
  it('sends every waiting first step, and later steps only of violations the server knows', () => {
    const a = change(V1, noticed(), 'waiting');
    const b = change(V1, told, 'waiting');
    const c = change(V2, noticed(), 'sent');
    const d = change(V2, told, 'waiting');
    const round = nextRound([d, b, a, c]);
    expect(round.send.map((x) => x.id)).toEqual([a.id, d.id]);
    expect(round.blocked).toEqual([]);
  });

  it('holds back the steps of a violation whose first step was refused', () => {
    const a = change(V1, noticed(), 'rejected');
    const b = change(V1, told, 'waiting');
    expect(nextRound([a, b])).toEqual({ send: [], blocked: [b] });
    expect(knownViolations([a, change(V2, noticed(), 'sent')])).toEqual({
      known: new Set([V2]),
      refused: new Set([V1]),
    });
  });
});

describe('local time (UTC+5)', () => {
  it('shows and reads a datetime-local value in Kazakhstan time whatever the phone’s zone', () => {
    expect(toLocalInput('2026-12-20T05:15:00Z')).toBe('2026-12-20T10:15');
    expect(fromLocalInput('2026-12-20T10:15')).toBe('2026-12-20T10:15:00+05:00');
    expect(Date.parse(fromLocalInput('2026-12-20T00:30')!)).toBe(Date.parse('2026-12-19T19:30:00Z'));
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-13-45T10:15')).toBeNull();
  });

  it('knows the phase of election day', () => {
    expect(phaseAt(new Date('2026-12-20T01:30:00Z'))).toBe('opening'); // 06:30 local
    expect(phaseAt(new Date('2026-12-20T02:00:00Z'))).toBe('voting'); // 07:00 local
    expect(phaseAt(new Date('2026-12-20T15:00:00Z'))).toBe('counting'); // 20:00 local
    expect(phaseAt(new Date('2026-12-20T19:30:00Z'))).toBe('opening'); // 00:30 the next day
  });
});

describe('groupCategories', () => {
  const all: ViolationCategory[] = BUILTIN_CATEGORIES.map((c, i) => ({
    ...c,
    builtin: true,
    active: true,
    sortOrder: i,
  }));
  const voting = new Date('2026-12-20T06:00:00Z');

  it('puts the current phase first, "other" last, and leaves campaign grounds out', () => {
    const groups = groupCategories(all, { phase: 'all', search: '', language: 'en', now: voting });
    expect(groups.map((g) => g.phase)).toEqual(['voting', 'opening', 'counting', 'any']);
    expect(groups.flatMap((g) => g.items).some((c) => c.phase === 'campaign')).toBe(false);
  });

  it('filters by phase and by words of the title in the UI language, keeping "other" at hand', () => {
    const counting = groupCategories(all, { phase: 'counting', search: '', language: 'en', now: voting });
    expect(counting.map((g) => g.phase)).toEqual(['counting', 'any']);
    const booth = groupCategories(all, { phase: 'all', search: 'кабин', language: 'ru', now: voting });
    expect(booth.flatMap((g) => g.items).map((c) => c.code)).toContain('voting.several_in_booth');
    const hidden = all.map((c) => (c.code === 'voting.several_in_booth' ? { ...c, active: false } : c));
    const without = groupCategories(hidden, { phase: 'all', search: '', language: 'en', now: voting });
    expect(without.flatMap((g) => g.items).map((c) => c.code)).not.toContain('voting.several_in_booth');
  });
});

describe('resumeStep and formatArticle', () => {
  it('opens a violation at the first step still to do', () => {
    const [fresh] = summarize([change(V1, noticed())], []);
    expect(resumeStep(undefined)).toBe('what');
    expect(resumeStep(fresh)).toBe('evidence');
    const [filmed] = summarize([change(V1, noticed())], [file(V1, 'waiting')]);
    expect(resumeStep(filmed)).toBe('chair');
    const [told_] = summarize([change(V1, noticed()), change(V1, told)], []);
    expect(resumeStep(told_)).toBe('outcome');
  });

  it('cites an article the way each language does', () => {
    expect(formatArticle('Art. 41', 'en')).toBe('Art. 41');
    expect(formatArticle('Art. 41', 'ru')).toBe('ст. 41');
    expect(formatArticle('Art. 20-1', 'kk')).toBe('20-1-бап');
    expect(formatArticle('Ст. 5', 'kk')).toBe('Ст. 5');
  });
});

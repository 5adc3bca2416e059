import { describe, expect, it } from 'vitest';
import type { Violation } from '../../shared/violations.ts';
import {
  DEFAULT_FILTER,
  filterFromSearch,
  filterParams,
  matchesFilter,
  mergeQueue,
} from '../../web/src/features/violations/queue-filter.ts';

function violation(overrides: Partial<Violation> & { id: string }): Violation {
  return {
    electionId: 1,
    station: { id: 10, number: 12, region: 'almaty-city', address: 'Abai 1', lat: 43.2, lng: 76.9 },
    category: {
      code: 'voting.multiple_ballots',
      title: { kk: 'k', ru: 'r', en: 'e' },
      article: 'Art. 41',
      phase: 'voting',
    },
    otherText: null,
    severity: 'serious',
    status: 'reported',
    observedAt: '2026-12-20T05:00:00.000Z',
    description: 'x',
    involved: [],
    chairNotified: null,
    chairAnswer: null,
    correctedNote: null,
    act: null,
    closedReason: null,
    closedNote: null,
    reporter: { id: 1, name: 'A' },
    evidence: [],
    complaints: 0,
    createdAt: '2026-12-20T05:00:00.000Z',
    updatedAt: '2026-12-20T05:00:00.000Z',
    ...overrides,
  };
}

describe('HQ queue filter', () => {
  it('round-trips through the address bar and drops unknown values', () => {
    const f = { ...DEFAULT_FILTER, region: 'abai', status: 'act_filed' as const, station: 12 };
    expect(filterFromSearch(`?${filterParams(f).toString()}`)).toEqual(f);
    expect(filterFromSearch('?phase=lunch&severity=awful&station=-3&open=false')).toEqual({
      ...DEFAULT_FILTER,
      open: false,
    });
    // A chosen status wins over "open only", so the query does not send both.
    expect(filterParams(f).has('open')).toBe(false);
  });

  it('matches as the server filters: open only by default, a status when one is picked', () => {
    const closed = violation({ id: 'a', status: 'closed' });
    expect(matchesFilter(closed, DEFAULT_FILTER)).toBe(false);
    expect(matchesFilter(closed, { ...DEFAULT_FILTER, open: false })).toBe(true);
    expect(matchesFilter(closed, { ...DEFAULT_FILTER, status: 'closed' })).toBe(true);
    expect(matchesFilter(violation({ id: 'b' }), { ...DEFAULT_FILTER, region: 'abai' })).toBe(false);
    expect(matchesFilter(violation({ id: 'c' }), { ...DEFAULT_FILTER, station: 12 })).toBe(true);
  });

  it('merges pushes: new ones sorted in by severity then age, closed ones leave, stale pushes ignored', () => {
    const old = violation({ id: 'old', severity: 'minor', observedAt: '2026-12-20T04:00:00.000Z' });
    const list = [old];
    const critical = violation({ id: 'crit', severity: 'critical', observedAt: '2026-12-20T06:00:00.000Z' });
    const first = mergeQueue(list, [critical], DEFAULT_FILTER);
    expect(first.items.map((v) => v.id)).toEqual(['crit', 'old']);
    expect(first.added).toEqual(['crit']);

    const closedOld = { ...old, status: 'closed' as const, updatedAt: '2026-12-20T07:00:00.000Z' };
    const second = mergeQueue(first.items, [closedOld], DEFAULT_FILTER);
    expect(second.items.map((v) => v.id)).toEqual(['crit']);
    expect(second.removed).toBe(1);

    const newer = { ...critical, description: 'newer', updatedAt: '2026-12-20T08:00:00.000Z' };
    const stale = { ...critical, description: 'stale', updatedAt: '2026-12-20T07:30:00.000Z' };
    const third = mergeQueue([newer], [stale], DEFAULT_FILTER);
    expect(third.items[0]!.description).toBe('newer');
  });
});

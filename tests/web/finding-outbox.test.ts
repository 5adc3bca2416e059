import { describe, expect, it } from 'vitest';
import { emptyDraft, validate } from '../../web/src/features/findings/finding-draft.ts';
import {
  failureOf,
  followVersion,
  isStuck,
  nextTryAt,
  STUCK_AFTER,
  withWaitingEdits,
} from '../../web/src/features/findings/outbox-rules.ts';
import { countAxis } from '../../web/src/features/findings/TimelineChart.tsx';
import { ApiError } from '../../web/src/lib/api-client.ts';

const ID = '0b6f8f4e-6a53-4d0e-9a39-0d1d3c3a8e11';
const C1 = '1b6f8f4e-6a53-4d0e-9a39-0d1d3c3a8e11';
const C2 = '2b6f8f4e-6a53-4d0e-9a39-0d1d3c3a8e11';
const C3 = '3b6f8f4e-6a53-4d0e-9a39-0d1d3c3a8e11';
const t = (key: string) => key;

function serverCopy() {
  const result = validate(
    {
      ...emptyDraft(ID, ['astana']),
      categoryCode: 'vote_buying',
      locality: 'Астана',
      title: 'Сайлаушыларға ақша ұсынылды',
      description: 'Учаске маңында',
      confidence: 'low',
    },
    t,
  );
  if (!result.ok) throw new Error('valid');
  return { ...result.input, version: 4, station: { number: 12 } };
}

describe('findings outbox rules', () => {
  it('stops the pass only without a connection; the server’s trouble backs off one item', () => {
    expect(failureOf(new ApiError(0, 'network_error', 'down'))).toBe('offline');
    expect(failureOf(new ApiError(401, 'unauthorized', 'signed out'))).toBe('offline');
    expect(failureOf(new ApiError(503, 'internal_error', 'busy'))).toBe('later');
    expect(failureOf(new ApiError(429, 'rate_limited', 'slow down'))).toBe('later');
    expect(failureOf(new Error('the server took no bytes'))).toBe('later');
    expect(failureOf(new ApiError(409, 'conflict', 'reviewed'))).toBe('refused');
    expect(failureOf(new ApiError(400, 'validation_failed', 'bad'))).toBe('refused');
  });

  it('waits longer after each failure, at most ten minutes, and shows an item stuck after a few', () => {
    expect(nextTryAt(1, 1000)).toBe(6000);
    expect(nextTryAt(2, 1000)).toBe(11_000);
    expect(nextTryAt(30, 0)).toBe(600_000);
    expect(isStuck({ state: 'waiting', attempts: STUCK_AFTER - 1 })).toBe(false);
    expect(isStuck({ state: 'waiting', attempts: STUCK_AFTER })).toBe(true);
    expect(isStuck({ state: 'rejected', attempts: 99 })).toBe(false);
    expect(isStuck({ state: 'waiting' })).toBe(false);
  });

  it('lays waiting edits on the server copy in order, the version staying the server’s', () => {
    const finding = serverCopy();
    const effective = withWaitingEdits(finding, [
      { body: { changeId: C1, version: 4, title: 'Бірінші түзету', confidence: 'high' }, stationNumber: null },
      { body: { changeId: C2, version: 4, title: 'Екінші түзету', region: 'astana' }, stationNumber: 31 },
    ]);
    expect(effective.title).toBe('Екінші түзету');
    expect(effective.confidence).toBe('high');
    expect(effective.station).toEqual({ number: 31 });
    expect(effective.version).toBe(4);
    expect(effective.description).toBe(finding.description);
    const noStation = withWaitingEdits(finding, [
      { body: { changeId: C3, version: 4, region: 'astana', stationId: null }, stationNumber: null },
    ]);
    expect(noStation.station).toBeNull();
    expect(withWaitingEdits(finding, []).station).toEqual({ number: 12 });
  });

  it('moves later edits of the finding built on the accepted version to the new one', () => {
    const edit = (changeId: string, findingId: string, version: number) => ({
      id: changeId,
      findingId,
      body: { changeId, version },
    });
    const later = [edit(C2, ID, 4), edit(C3, ID, 3), edit(C1, 'another', 4)];
    expect(followVersion(later, ID, 4, 5)).toEqual([edit(C2, ID, 5)]);
    expect(followVersion(later, ID, 4, 4)).toEqual([]);
  });
});

describe('timeline axis', () => {
  it('has whole-number ticks with a round step and a top at or above the largest bar', () => {
    for (const n of [0, 1, 3, 5, 6, 7, 10, 11, 23, 60, 99, 1000, 1234]) {
      const { max, ticks } = countAxis(n);
      expect(max).toBeGreaterThanOrEqual(Math.max(1, n));
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
    expect(countAxis(10).ticks).toEqual([0, 2, 4, 6, 8, 10]);
    expect(countAxis(3).ticks).toEqual([0, 1, 2, 3]);
  });
});

import { describe, expect, it } from 'vitest';
import { needsAttention } from '../../shared/attention.ts';
import { liveState } from '../support/fixtures.ts';

const quiet = liveState();
const at = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;

describe('needsAttention', () => {
  it('puts help calls first, then refused entry, violations, silence and turnout gaps, each oldest first', () => {
    const items = needsAttention([
      { ...quiet, stationId: 1, silent: true, lastReportAt: at('04:00') },
      { ...quiet, stationId: 2, helpOpen: true, helpAt: at('06:10') },
      { ...quiet, stationId: 3, turnoutDiscrepancy: true },
      { ...quiet, stationId: 4, helpOpen: true, helpAt: at('06:05') },
      { ...quiet, stationId: 5, refusedEntry: true, refusedAt: at('01:00') },
      { ...quiet, stationId: 6, silent: true, lastReportAt: null },
      { ...quiet, stationId: 7, openViolations: 2 },
      { ...quiet, stationId: 8 },
    ]);
    expect(items.map((i) => [i.kind, i.stationId])).toEqual([
      ['help', 4],
      ['help', 2],
      ['refused_entry', 5],
      ['violations', 7],
      ['silent', 6],
      ['silent', 1],
      ['turnout_discrepancy', 3],
    ]);
    expect(items[0]!.since).toBe(at('06:05'));
  });

  it('lists a silent station that called for help once, as the help call; a station with two problems twice', () => {
    const items = needsAttention([
      { ...quiet, stationId: 1, silent: true, helpOpen: true, helpAt: at('06:00') },
      { ...quiet, stationId: 2, refusedEntry: true, refusedAt: at('02:00'), silent: true },
    ]);
    expect(items.map((i) => `${i.kind}:${i.stationId}`)).toEqual(['help:1', 'refused_entry:2', 'silent:2']);
  });

  it('is empty when all is well', () => {
    expect(needsAttention([quiet, { ...quiet, stationId: 2, phase: 'closed' }])).toEqual([]);
  });
});

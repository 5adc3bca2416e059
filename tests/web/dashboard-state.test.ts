import { describe, expect, it } from 'vitest';
import { liveState } from '../support/fixtures.ts';
import { LiveStore } from '../../web/src/features/map/live-store.ts';
import { matches, NO_FILTER } from '../../web/src/features/map/map-filter.ts';
import { HELP_LOOK, lookOf, REFUSED_LOOK, SILENT_LOOK } from '../../web/src/features/map/station-look.tsx';

const state = liveState;

describe('LiveStore', () => {
  it('keeps the newest state per station and tells listeners only what changed', () => {
    const store = new LiveStore();
    const heard: number[][] = [];
    const stop = store.subscribe((changed) => heard.push(changed.map((s) => s.stationId)));
    store.apply([state({ stationId: 1, seq: 5 }), state({ stationId: 2, seq: 6 })], 6);
    // A catch-up page that overlaps what was pushed: the older copy of station 1 is ignored.
    store.apply([state({ stationId: 1, seq: 4, helpOpen: true }), state({ stationId: 3, seq: 9 })], 9);
    expect(heard).toEqual([[1, 2], [3]]);
    expect(store.states.get(1)?.helpOpen).toBe(false);
    expect(store.seq).toBe(9);
    expect(store.applied).toBe(3);
    stop();
    store.apply([state({ stationId: 1, seq: 10 })]);
    expect(heard).toHaveLength(2);
    expect(store.seq).toBe(10);
  });
});

describe('map filter', () => {
  it('keeps stations by region, phase group and flag together', () => {
    expect(matches(NO_FILTER, 'astana', undefined)).toBe(true);
    const filter = { region: 'astana', phase: 'voting' as const, flag: 'silent' as const };
    expect(matches(filter, 'astana', state({ silent: true }))).toBe(true);
    expect(matches(filter, 'abai', state({ silent: true }))).toBe(false);
    expect(matches(filter, 'astana', state({ silent: false }))).toBe(false);
    expect(matches(filter, 'astana', state({ silent: true, phase: 'closed' }))).toBe(false);
    // No live state yet counts as "observer assigned, not arrived".
    expect(matches({ ...NO_FILTER, phase: 'not_arrived' }, 'astana', undefined)).toBe(true);
    expect(matches({ ...NO_FILTER, flag: 'help' }, 'astana', undefined)).toBe(false);
  });
});

describe('station look', () => {
  it('shows the most urgent thing, each with its own shape as well as colour', () => {
    expect(lookOf(state({ helpOpen: true, silent: true, refusedEntry: true }))).toBe(HELP_LOOK);
    expect(lookOf(state({ refusedEntry: true, silent: true }))).toBe(REFUSED_LOOK);
    expect(lookOf(state({ silent: true }))).toBe(SILENT_LOOK);
    expect(lookOf(state({ phase: 'no_observer' })).shape).toBe('ring');
    expect(lookOf(state({ phase: 'closed' })).shape).toBe('square');
    const shapes = new Set([HELP_LOOK, REFUSED_LOOK].map((l) => l.shape));
    expect(shapes.size).toBe(2);
  });
});

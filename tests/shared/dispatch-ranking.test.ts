import { describe, expect, it } from 'vitest';
import {
  canMove,
  DispatchTransition,
  groupStatusFor,
  haversineKm,
  NewDispatch,
  rankGroups,
  type RankableGroup,
} from '../../shared/dispatch.ts';

const ALMATY = { lat: 43.2389, lng: 76.8897 };
const ASTANA = { lat: 51.1694, lng: 71.4491 };
const SHYMKENT = { lat: 42.3417, lng: 69.5901 };

describe('haversineKm', () => {
  it.each([
    ['Almaty → Astana', ALMATY, ASTANA, 970, 10],
    ['Astana → Almaty (symmetric)', ASTANA, ALMATY, 970, 10],
    ['Almaty → Shymkent', ALMATY, SHYMKENT, 600, 10],
    ['0.01° of latitude in Almaty', ALMATY, { lat: ALMATY.lat + 0.01, lng: ALMATY.lng }, 1.112, 0.005],
    [
      '0.01° of longitude in Almaty (shorter than a degree of latitude)',
      ALMATY,
      { lat: ALMATY.lat, lng: ALMATY.lng + 0.01 },
      0.81,
      0.01,
    ],
    ['the same point', ALMATY, ALMATY, 0, 0.0001],
  ])('%s', (_name, a, b, km, tolerance) => {
    expect(Math.abs(haversineKm(a, b) - km)).toBeLessThanOrEqual(tolerance);
  });
});

describe('rankGroups', () => {
  const now = new Date('2026-11-29T08:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  const options = { staleMinutes: 10, speedKmh: { car: 30, foot: 5 } };
  const target = ALMATY;
  const group = (over: Partial<RankableGroup> & { id: number }): RankableGroup => ({
    name: `Group ${over.id}`,
    region: 'almaty-city',
    vehicle: false,
    status: 'available',
    lastPosition: { lat: target.lat + 0.01, lng: target.lng, at: minutesAgo(1) },
    ...over,
  });

  it('ranks eligible groups by travel time: a car further away beats a team on foot', () => {
    const ranked = rankGroups(
      [
        group({ id: 1, lastPosition: { lat: target.lat + 0.02, lng: target.lng, at: minutesAgo(2) } }),
        group({ id: 2, vehicle: true, lastPosition: { lat: target.lat + 0.05, lng: target.lng, at: minutesAgo(2) } }),
        group({ id: 3, status: 'returning' }),
      ],
      target,
      now,
      options,
    );
    expect(ranked.map((c) => [c.group.id, c.eligible, c.etaMinutes])).toEqual([
      [2, true, 12], // 5.56 km at 30 km/h
      [3, true, 14], // 1.11 km at 5 km/h
      [1, true, 27], // 2.22 km at 5 km/h
    ]);
    expect(ranked[0]!.distanceKm).toBeCloseTo(5.56, 1);
  });

  it.each([
    ['off duty', { status: 'off_duty' as const }, ['off_duty']],
    ['dispatched', { status: 'dispatched' as const }, ['busy']],
    ['en route', { status: 'en_route' as const }, ['busy']],
    ['on scene', { status: 'on_scene' as const }, ['busy']],
    ['position 11 minutes old', { lastPosition: { ...ALMATY, at: minutesAgo(11) } }, ['position_stale']],
    ['no position', { lastPosition: null }, ['no_position']],
    [
      'busy with a stale position',
      { status: 'en_route' as const, lastPosition: { ...ALMATY, at: minutesAgo(30) } },
      ['busy', 'position_stale'],
    ],
  ])('puts a group that is %s after the eligible ones, with the reason', (_name, over, reasons) => {
    const ranked = rankGroups([group({ id: 9, ...over }), group({ id: 1 })], target, now, options);
    expect(ranked.map((c) => c.group.id)).toEqual([1, 9]);
    expect(ranked[0]!.eligible).toBe(true);
    expect(ranked[1]).toMatchObject({ eligible: false, reasons });
  });

  it('orders the ineligible by distance, those without a position last', () => {
    const ranked = rankGroups(
      [
        group({ id: 1, lastPosition: null }),
        group({ id: 2, status: 'off_duty', lastPosition: { ...ASTANA, at: minutesAgo(1) } }),
        group({ id: 3, status: 'on_scene' }),
      ],
      target,
      now,
      options,
    );
    expect(ranked.map((c) => c.group.id)).toEqual([3, 2, 1]);
    expect(ranked[2]).toMatchObject({ distanceKm: null, etaMinutes: null });
    expect(ranked[1]!.distanceKm).toBeGreaterThan(960);
  });

  it('a position exactly at the stale limit still counts', () => {
    const [c] = rankGroups([group({ id: 1, lastPosition: { ...ALMATY, at: minutesAgo(10) } })], target, now, options);
    expect(c).toMatchObject({ eligible: true, distanceKm: 0, etaMinutes: 0 });
  });
});

describe('dispatch lifecycle data', () => {
  it('allows only the listed moves', () => {
    expect(canMove('pending', 'acknowledged')).toBe(true);
    expect(canMove('pending', 'on_scene')).toBe(false);
    expect(canMove('resolved', 'cancelled')).toBe(false);
    expect(canMove('on_scene', 'resolved')).toBe(true);
  });
  it('maps dispatch states to the group status', () => {
    expect(
      ['pending', 'acknowledged', 'en_route', 'on_scene', 'resolved', 'cancelled'].map((s) =>
        groupStatusFor(s as never),
      ),
    ).toEqual(['dispatched', 'dispatched', 'en_route', 'on_scene', 'returning', 'available']);
  });
  it('requires an outcome to resolve, and only then', () => {
    expect(DispatchTransition.safeParse({ to: 'resolved' }).success).toBe(false);
    expect(DispatchTransition.safeParse({ to: 'resolved', outcome: 'act_filed' }).success).toBe(true);
    expect(DispatchTransition.safeParse({ to: 'en_route', outcome: 'act_filed' }).success).toBe(false);
    expect(DispatchTransition.safeParse({ to: 'pending' }).success).toBe(false);
  });
  it('parses a new dispatch with defaults and refuses a bad target', () => {
    const id = '5f0c2b8e-8f0a-4c1e-9d2a-0b7e6f1a2c3d';
    expect(NewDispatch.parse({ id, groupId: 1, target: { kind: 'help', stationId: 5 } })).toMatchObject({
      priority: 'normal',
      note: '',
      queue: false,
    });
    expect(NewDispatch.safeParse({ id, groupId: 1, target: { kind: 'help' } }).success).toBe(false);
    expect(NewDispatch.safeParse({ id: 'x', groupId: 1, target: { kind: 'station', stationId: 5 } }).success).toBe(
      false,
    );
  });
});

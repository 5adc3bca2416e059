import { describe, expect, it } from 'vitest';
import { demoTowns, generateDemoElection } from '../../db/seed/demo.generator.ts';
import { isInLake, isInsideKazakhstan, isOnLand } from '../../db/seed/kazakhstan-outline.ts';
import { demoFieldPeople, NAMED_DEMO_ACCOUNTS } from '../../db/seed/demo-people.ts';
import { REGIONS } from '../../db/seed/regions.data.ts';
import { ROLES } from '../../shared/people.ts';
import { normalizePhone } from '../../shared/phone.ts';

const demo = generateDemoElection();

describe('Kazakhstan outline', () => {
  it.each([
    ['Almaty', 43.24, 76.89],
    ['Astana', 51.17, 71.45],
    ['Aktobe', 50.28, 57.17],
    ['Oskemen', 49.95, 82.61],
  ])('puts %s inside', (_name, lat, lng) => {
    expect(isInsideKazakhstan(lat, lng)).toBe(true);
  });

  it.each([
    ['Bishkek', 42.87, 74.59],
    ['Tashkent', 41.3, 69.24],
    ['Omsk', 54.98, 73.37],
    ['Caspian Sea', 44.5, 50.0],
    ['Urumqi', 43.83, 87.62],
  ])('puts %s outside', (_name, lat, lng) => {
    expect(isInsideKazakhstan(lat, lng)).toBe(false);
  });

  it('knows Lake Balkhash and the Kapshagay reservoir are water', () => {
    expect(isInsideKazakhstan(46.3, 75.5)).toBe(true);
    expect(isOnLand(46.3, 75.5)).toBe(false);
    expect(isInLake(44.0, 77.7)).toBe(true);
    expect(isOnLand(46.86, 74.98)).toBe(true); // the town of Balkhash on the shore
  });

  it('has every town of the generator on land', () => {
    const off = demoTowns().filter((town) => !isOnLand(town.lat, town.lng));
    expect(off).toEqual([]);
  });
});

describe('demo election generator', () => {
  it('is deterministic', () => {
    expect(generateDemoElection()).toEqual(demo);
    expect(generateDemoElection(7).stations[0]).not.toEqual(demo.stations[0]);
  });

  it('gives each region its approximate station count, 10,248 in all', () => {
    expect(demo.stations).toHaveLength(10_248);
    for (const region of REGIONS) {
      expect(demo.stations.filter((s) => s.region_code === region.code)).toHaveLength(region.approxStations);
    }
    expect(new Set(demo.stations.map((s) => s.number)).size).toBe(demo.stations.length);
  });

  it('puts every station inside Kazakhstan and out of the lakes', () => {
    const off = demo.stations.filter((s) => !isOnLand(s.lat, s.lng));
    expect(off).toEqual([]);
  });

  it('keeps stations of a region near its centre', () => {
    for (const region of REGIONS) {
      const mine = demo.stations.filter((s) => s.region_code === region.code);
      const far = mine.filter(
        (s) => Math.hypot(s.lat - region.center.lat, s.lng - region.center.lng) > (region.kind === 'city' ? 0.5 : 8),
      );
      expect(far, region.code).toEqual([]);
    }
  });

  it('keeps 50 to 3,000 voters per station, cities larger on average', () => {
    const voters = demo.stations.map((s) => s.registered_voters);
    expect(Math.min(...voters)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...voters)).toBeLessThanOrEqual(3000);
    const mean = (kind: 'city' | 'oblys') => {
      const codes = new Set(REGIONS.filter((r) => r.kind === kind).map((r) => r.code));
      const list = demo.stations.filter((s) => codes.has(s.region_code)).map((s) => s.registered_voters);
      return list.reduce((a, b) => a + b, 0) / list.length;
    };
    expect(mean('city')).toBeGreaterThan(mean('oblys') * 1.4);
  });

  it('sizes commissions by the law: 5-7 members up to 2,000 voters, 7-11 above', () => {
    for (const s of demo.stations) {
      const [min, max] = s.registered_voters > 2000 ? [7, 11] : [5, 7];
      expect(s.commission_size).toBeGreaterThanOrEqual(min);
      expect(s.commission_size).toBeLessThanOrEqual(max);
    }
  });

  it('has six fictional candidates in ballot order', () => {
    expect(demo.ballotOptions.map((o) => o.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(demo.ballotOptions.every((o) => o.kind === 'candidate' && o.name_kk && o.name_ru && o.name_en)).toBe(true);
  });
});

describe('demo people', () => {
  const people = [
    ...NAMED_DEMO_ACCOUNTS,
    ...demoFieldPeople(
      demo.stations,
      REGIONS.map((r) => r.code),
    ),
  ];

  it('covers most stations with a primary observer and leaves a few hundred uncovered', () => {
    const covered = new Set(people.filter((p) => p.station?.kind === 'primary').map((p) => p.station!.number));
    const uncovered = demo.stations.length - covered.size;
    expect(uncovered).toBeGreaterThan(150);
    expect(uncovered).toBeLessThan(600);
  });

  it('gives every demo account a unique username and a valid, unique phone', () => {
    expect(new Set(people.map((p) => p.username)).size).toBe(people.length);
    const phones = people.map((p) => p.phone).filter((p): p is string => p !== null);
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.filter((p) => normalizePhone(p) !== p)).toEqual([]);
  });

  it('has an account for every role and mobile groups of 2-3', () => {
    expect(new Set(people.map((p) => p.role))).toEqual(new Set(ROLES));
    const groups = new Map<string, number>();
    for (const p of people) if (p.group) groups.set(p.group, (groups.get(p.group) ?? 0) + 1);
    expect(groups.size).toBe(20);
    for (const size of groups.values()) expect([2, 3]).toContain(size);
  });
});

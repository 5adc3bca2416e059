import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileGroup, MobileGroupList } from '../../shared/mobile-groups.ts';
import { CreatedPerson } from '../../shared/people.ts';
import { StationsPage } from '../../shared/stations.ts';
import { asUser, login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let hq: ReturnType<typeof asUser>;
beforeAll(async () => {
  t = await createTestApp();
  hq = asUser(t.app, (await login(t.app, 'hq')).token);
});
afterAll(async () => {
  await t?.close();
});

async function newMember(name: string, region: string): Promise<number> {
  const res = await hq({
    method: 'POST',
    url: '/api/people',
    payload: { name, role: 'mobile_member', username: name.toLowerCase(), regions: [region] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return CreatedPerson.parse(res.json()).person.id;
}

async function stationsOf(region: string, limit: number) {
  return StationsPage.parse((await hq({ method: 'GET', url: `/api/stations?region=${region}&limit=${limit}` })).json())
    .items;
}

describe('mobile groups', () => {
  it('shows HQ every group, a coordinator their region, and a member their own group', async () => {
    const all = MobileGroupList.parse((await hq({ method: 'GET', url: '/api/mobile-groups' })).json());
    expect(all.items).toHaveLength(20);
    for (const g of all.items) {
      expect(g.members.length).toBeGreaterThanOrEqual(2);
      expect(g.members.length).toBeLessThanOrEqual(3);
      expect(g.stations.length).toBe(15);
    }
    const almaty = asUser(t.app, (await login(t.app, 'almaty-coordinator')).token);
    const mine = MobileGroupList.parse((await almaty({ method: 'GET', url: '/api/mobile-groups' })).json());
    expect(mine.items.map((g) => g.region)).toEqual(['almaty-city']);
    const member = asUser(t.app, (await login(t.app, 'mobile2')).token);
    const own = MobileGroupList.parse((await member({ method: 'GET', url: '/api/mobile-groups' })).json());
    expect(own.items.map((g) => g.name)).toEqual(['Алматы-1']);
    const other = all.items.find((g) => g.region === 'astana')!;
    expect((await member({ method: 'GET', url: `/api/mobile-groups/${other.id}` })).statusCode).toBe(403);
  });

  it('forms a group of 2-3 mobile members of one region with stations to tour, and changes it', async () => {
    const a = await newMember('Mg-Alpha', 'pavlodar');
    const b = await newMember('Mg-Beta', 'pavlodar');
    const c = await newMember('Mg-Gamma', 'pavlodar');
    const [s1, s2, s3] = await stationsOf('pavlodar', 3);
    const created = await hq({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'Павлодар-2', region: 'pavlodar', memberIds: [a, b], stationIds: [s1!.id, s2!.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const group = MobileGroup.parse(created.json());
    expect(group.members.map((m) => m.id).sort()).toEqual([a, b].sort());
    const changed = await hq({
      method: 'PATCH',
      url: `/api/mobile-groups/${group.id}`,
      payload: { memberIds: [a, b, c], stationIds: [s3!.id] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(MobileGroup.parse(changed.json()).stations.map((s) => s.number)).toEqual([s3!.number]);
    // A member is in one group at a time.
    const again = await hq({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'Павлодар-3', region: 'pavlodar', memberIds: [a, c] },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses members of other roles, stations of another region, a group of one and another region for a coordinator', async () => {
    const x = await newMember('Mg-Delta', 'abai');
    const y = await newMember('Mg-Epsilon', 'abai');
    const observer = (await hq({ method: 'GET', url: '/api/people?q=observer&role=station_observer&limit=1' })).json()
      .items[0].id;
    const wrongRole = await hq({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'A', region: 'abai', memberIds: [x, observer] },
    });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.json().error.details[0].path).toBe('memberIds.1');
    const [far] = await stationsOf('astana', 1);
    const wrongStation = await hq({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'B', region: 'abai', memberIds: [x, y], stationIds: [far!.id] },
    });
    expect(wrongStation.statusCode).toBe(400);
    expect(wrongStation.json().error.details[0].path).toBe('stationIds.0');
    const alone = await hq({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'C', region: 'abai', memberIds: [x] },
    });
    expect(alone.statusCode).toBe(400);
    const south = asUser(t.app, (await login(t.app, 'south-coordinator')).token);
    const notTheirs = await south({
      method: 'POST',
      url: '/api/mobile-groups',
      payload: { name: 'D', region: 'abai', memberIds: [x, y] },
    });
    expect(notTheirs.statusCode).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTally } from '../../db/queries/protocol.queries.ts';
import {
  EntryNext,
  ProtocolList,
  ProtocolStatus,
  StationProtocol,
  toOfficialShape,
  type ProtocolFigures,
} from '../../shared/protocols.ts';
import { StationReportList, type ReportEnvelope, type StationLive } from '../../shared/reports.ts';
import { asUser, login } from '../support/auth.ts';
import {
  demoBallot,
  impossiblePortableBox,
  protocolReport,
  secondOperator,
  sendReport,
  uploadProtocolPhoto,
  validFigures,
} from '../support/protocol-fixtures.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { observedStation } from '../support/violation-fixtures.ts';

let t: TestApp;
let url: string;
let electionId: number;
let optionIds: number[];
const tokens = new Map<string, string>();
const sockets: Socket[] = [];

interface Station {
  id: number;
  number: number;
  electionId: number;
  region: string;
}
/** The demo observer's station (number 1). */
let own: Station;

beforeAll(async () => {
  t = await createTestApp({ BROADCAST_INTERVAL_MS: '20', SILENCE_CHECK_SECONDS: '0' });
  url = await t.listen();
  ({ electionId, optionIds } = await demoBallot(t.app.db));
  const row = await t.app.db
    .selectFrom('stations')
    .select(['id', 'number', 'region_code'])
    .where('election_id', '=', electionId)
    .where('number', '=', 1)
    .executeTakeFirstOrThrow();
  own = { id: row.id, number: row.number, electionId, region: row.region_code };
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, (await login(t.app, username)).token);
  return tokens.get(username)!;
}
async function as(username: string) {
  return asUser(t.app, await tokenOf(username));
}

/** The n-th demo station of a region with a primary observer (tests take different ones). */
async function station(region: string, skip: number): Promise<Station> {
  const s = await observedStation(t.app.db, region, skip);
  return { id: s.id, number: s.number, electionId: s.electionId, region: s.region };
}

async function protocolOf(stationId: number, username = 'hq'): Promise<StationProtocol> {
  const res = await (await as(username))({ method: 'GET', url: `/api/protocols/${stationId}` });
  expect(res.statusCode, res.body).toBe(200);
  return StationProtocol.parse(res.json());
}

/** HQ records the observer's copy for them (same pipeline as the phone). */
async function observerCopy(s: Station, figures: ProtocolFigures, username = 'hq') {
  const res = await sendReport(t.app, await tokenOf(username), protocolReport(s, figures));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function operatorEntry(stationId: number, figures: ProtocolFigures, id = randomUUID(), username = 'operator') {
  return (await as(username))({
    method: 'POST',
    url: `/api/protocols/${stationId}/operator-entry`,
    payload: { id, figures },
  });
}

/**
 * A supervisor's decision. `seen`: the copies the supervisor looked at; by default the ones the
 * station's protocol shows now.
 */
async function resolve(
  stationId: number,
  basedOnVersion: number | null,
  figures: ProtocolFigures,
  note = '',
  seen?: { observerEntryId: string | null; operatorEntryId: string | null },
  username = 'hq',
) {
  const view = seen ? null : await protocolOf(stationId);
  return (await as(username))({
    method: 'POST',
    url: `/api/protocols/${stationId}/resolve`,
    payload: {
      basedOnVersion,
      figures,
      note,
      observerEntryId: seen ? seen.observerEntryId : (view!.observer?.id ?? null),
      operatorEntryId: seen ? seen.operatorEntryId : (view!.operator?.id ?? null),
    },
  });
}

const count = async (table: 'protocol_entries' | 'protocol_versions', stationId: number) =>
  Number(
    (
      await t.app.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('station_id', '=', stationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Two figures changed: the invalid ballots and the second option's votes (still adding up). */
function twoDiffer(f: ProtocolFigures): ProtocolFigures {
  return {
    ...f,
    invalidBallots: f.invalidBallots + 1,
    votes: f.votes.map((v, i) => (i === 1 ? { ...v, votes: v.votes - 1 } : v)),
  };
}

describe('the observer sends the protocol', () => {
  it('stores an impossible portable box, flags it, moves the station on and tells HQ live', async () => {
    const socket = await openSocket(t.app, url, 'hq');
    sockets.push(socket);
    const flagged = new Promise<StationLive>((done) => {
      socket.on('stations:changed', (m: { items: StationLive[] }) => {
        const item = m.items.find((i) => i.stationId === own.id && i.protocol === 'flagged');
        if (item) done(item);
      });
    });
    const report = protocolReport(own, impossiblePortableBox(optionIds), { ownTally: 498 });
    const sent = await sendReport(t.app, await tokenOf('observer'), report);
    expect(sent).toMatchObject({ status: 200, body: { ok: true, data: { id: report.id, duplicate: false } } });

    const entry = await t.app.db
      .selectFrom('protocol_entries')
      .selectAll()
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ source: 'observer', station_id: own.id, has_errors: true, own_tally: 498 });
    expect(entry.failed).toEqual(['portable_le_requests']);
    expect(entry.checks.filter((c) => !c.ok)).toEqual([
      expect.objectContaining({ code: 'portable_le_requests', boxIndex: 0, expected: 5, actual: 12 }),
    ]);
    const stored = await t.app.db
      .selectFrom('reports')
      .select(['flags', 'content_hash'])
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    expect(stored.flags).toContain('protocol_errors');
    expect(entry.content_hash).toBe(stored.content_hash);

    const live = await flagged;
    expect(live).toMatchObject({ phase: 'protocol_received', protocol: 'flagged' });
    const view = await protocolOf(own.id, 'observer');
    expect(view).toMatchObject({ state: 'flagged', status: 'awaiting_entry', operator: null, verified: null });
    expect(view.observer?.checks.find((c) => c.code === 'portable_le_requests')?.ok).toBe(false);
    const tally = await t.app.db.selectFrom('protocol_tallies').selectAll().where('station_id', '=', own.id).execute();
    expect(tally).toEqual([
      expect.objectContaining({ stage: 'received', portable_box_ballots: 12, invalid_ballots: 8 }),
    ]);

    // The phone resends it: a duplicate, nothing stored twice.
    const again = await sendReport(t.app, await tokenOf('observer'), report);
    expect(again).toMatchObject({ status: 200, body: { ok: true, data: { duplicate: true } } });
    expect(await count('protocol_entries', own.id)).toBe(1);
    const votes = await t.app.db
      .selectFrom('protocol_tally_votes')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('station_id', '=', own.id)
      .executeTakeFirstOrThrow();
    expect(votes.n).toBe(optionIds.length);
  });

  it('a copy naming an option not on the ballot is stored and flagged, and the batch it came in still commits', async () => {
    const s = await station('almaty-city', 7);
    const figures = validFigures(optionIds);
    const odd = { ...figures, votes: [...figures.votes, { optionId: 999_999, votes: 0 }] };
    await observerCopy(s, odd);
    const view = await protocolOf(s.id);
    expect(view.state).toBe('flagged');
    expect(view.observer?.checks.find((c) => c.code === 'options_complete')).toMatchObject({
      ok: false,
      optionIds: [999_999],
    });
  });
});

describe('double entry', () => {
  it('two differing figures make exactly those two conflicts; a supervisor resolves them into a version', async () => {
    const s = await station('almaty-city', 1);
    const observer = validFigures(optionIds);
    await observerCopy(s, observer);
    const typed = twoDiffer(observer);
    const res = await operatorEntry(s.id, typed);
    expect(res.statusCode, res.body).toBe(200);
    expect(ProtocolStatus.parse(res.json())).toEqual({
      stationId: s.id,
      state: 'received',
      status: 'conflict',
      conflicts: 2,
      verifiedVersion: null,
    });
    const view = await protocolOf(s.id);
    expect(view.conflicts).toEqual([
      { key: 'invalidBallots', a: 8, b: 9 },
      { key: `votes.${optionIds[1]}`, a: observer.votes[1]!.votes, b: observer.votes[1]!.votes - 1 },
    ]);
    expect(view.operator?.figures).toEqual(typed);
    // The legal team reads the protocol but not the blind second entry.
    const lawyerView = await protocolOf(s.id, 'lawyer');
    expect(lawyerView).toMatchObject({ status: 'conflict', operator: null, conflicts: [] });
    expect(lawyerView.observer?.figures).toEqual(observer);

    const resolved = await resolve(s.id, null, typed, 'The photo shows 9 invalid ballots');
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toEqual({
      stationId: s.id,
      state: 'verified',
      status: 'verified',
      conflicts: 0,
      verifiedVersion: 1,
    });
    const stale = await resolve(s.id, null, observer);
    expect(stale.statusCode).toBe(409);
    const corrected = await resolve(s.id, 1, observer, 'Second look at the photo');
    expect(corrected.statusCode, corrected.body).toBe(200);

    const after = await protocolOf(s.id);
    const hq = await t.app.db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('username', '=', 'hq')
      .executeTakeFirstOrThrow();
    expect(after.versions.map((v) => [v.version, v.basis])).toEqual([
      [2, 'corrected'],
      [1, 'resolved'],
    ]);
    expect(after.versions[1]).toMatchObject({
      by: { id: hq.id, name: hq.name },
      note: 'The photo shows 9 invalid ballots',
      changes: view.conflicts,
      at: expect.any(String),
    });
    expect(after.versions[0]!.changes).toEqual(view.conflicts.map((c) => ({ key: c.key, a: c.b, b: c.a })));
    expect(after.verified?.version).toBe(2);
    expect(after.conflicts).toEqual([]);
    const tally = await t.app.db
      .selectFrom('protocol_tallies')
      .select(['invalid_ballots'])
      .where('station_id', '=', s.id)
      .where('stage', '=', 'verified')
      .executeTakeFirstOrThrow();
    expect(tally.invalid_ballots).toBe(8);
  });

  it('agreement verifies version 1 at once, whichever entry comes first', async () => {
    const first = await station('almaty-city', 2);
    const figures = validFigures(optionIds);
    await observerCopy(first, figures);
    const res = await operatorEntry(first.id, figures);
    expect(res.json()).toEqual({
      stationId: first.id,
      state: 'verified',
      status: 'verified',
      conflicts: 0,
      verifiedVersion: 1,
    });

    const second = await station('almaty-city', 3);
    const waiting = await operatorEntry(second.id, figures);
    expect(waiting.json()).toMatchObject({ status: 'awaiting_observer', verifiedVersion: null });
    await observerCopy(second, figures);
    for (const s of [first, second]) {
      const view = await protocolOf(s.id);
      expect(view).toMatchObject({ state: 'verified', status: 'verified' });
      expect(view.versions).toEqual([expect.objectContaining({ version: 1, basis: 'agreed', changes: [] })]);
    }
  });

  it('an entry is idempotent by id; another entry for a typed station, or a bad body, is refused and changes nothing', async () => {
    const s = await station('almaty-city', 4);
    await observerCopy(s, validFigures(optionIds));
    const id = randomUUID();
    const figures = twoDiffer(validFigures(optionIds));
    const first = await operatorEntry(s.id, figures, id);
    const again = await operatorEntry(s.id, figures, id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await operatorEntry(s.id, validFigures(optionIds), id)).statusCode).toBe(409);
    const other = await operatorEntry(s.id, figures);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.message).toMatch(/already typed/);

    const fresh = await station('almaty-city', 5);
    await observerCopy(fresh, validFigures(optionIds));
    const before = await count('protocol_entries', fresh.id);
    const negative = await operatorEntry(fresh.id, { ...validFigures(optionIds), invalidBallots: -1 });
    expect(negative.statusCode).toBe(400);
    const missingOption = await operatorEntry(fresh.id, {
      ...validFigures(optionIds),
      votes: validFigures(optionIds).votes.slice(1),
    });
    expect(missingOption.statusCode).toBe(400);
    expect(missingOption.json().error.code).toBe('validation_failed');
    const badResolve = await (
      await as('hq')
    )({
      method: 'POST',
      url: `/api/protocols/${fresh.id}/resolve`,
      payload: { basedOnVersion: 'one', figures: validFigures(optionIds) },
    });
    expect(badResolve.statusCode).toBe(400);
    expect((await operatorEntry(99_999_999, validFigures(optionIds))).statusCode).toBe(404);
    expect(await count('protocol_entries', fresh.id)).toBe(before);
    expect(await count('protocol_versions', fresh.id)).toBe(0);
    expect((await protocolOf(fresh.id)).status).toBe('awaiting_entry');
    // Nothing was entered for this one: nothing to resolve.
    const untouched = await station('almaty-city', 6);
    expect((await resolve(untouched.id, null, validFigures(optionIds))).statusCode).toBe(409);
  });
});

describe('who sees what', () => {
  it('an observer reads their own station only; a regional coordinator their region only; data entry neither', async () => {
    const other = await station('almaty-city', 1);
    expect((await (await as('observer'))({ method: 'GET', url: `/api/protocols/${own.id}` })).statusCode).toBe(200);
    expect((await (await as('observer'))({ method: 'GET', url: `/api/protocols/${other.id}` })).statusCode).toBe(403);

    const south = await station('shymkent', 0);
    await observerCopy(south, validFigures(optionIds));
    const almaty = await (await as('almaty-coordinator'))({ method: 'GET', url: '/api/protocols' });
    expect(almaty.statusCode).toBe(200);
    const list = ProtocolList.parse(almaty.json());
    expect(list.items.length).toBeGreaterThan(0);
    expect(new Set(list.items.map((i) => i.region))).toEqual(new Set(['almaty-city']));
    expect(list.items.some((i) => i.stationId === south.id)).toBe(false);
    expect(
      (await (await as('almaty-coordinator'))({ method: 'GET', url: `/api/protocols/${south.id}` })).statusCode,
    ).toBe(403);
    expect(
      (await (await as('almaty-coordinator'))({ method: 'GET', url: '/api/protocols?region=shymkent' })).statusCode,
    ).toBe(403);
    const all = ProtocolList.parse((await (await as('hq'))({ method: 'GET', url: '/api/protocols' })).json());
    expect(all.items.some((i) => i.stationId === south.id)).toBe(true);
    expect(all.counts.verified).toBeGreaterThanOrEqual(2);
    const verifiedOnly = ProtocolList.parse(
      (await (await as('hq'))({ method: 'GET', url: '/api/protocols?state=verified' })).json(),
    );
    expect(verifiedOnly.items.length).toBe(all.counts.verified);

    expect((await (await as('operator'))({ method: 'GET', url: `/api/protocols/${own.id}` })).statusCode).toBe(403);
    expect((await (await as('operator'))({ method: 'GET', url: '/api/protocols' })).statusCode).toBe(403);
    expect((await (await as('hq'))({ method: 'GET', url: '/api/protocols/99999999' })).statusCode).toBe(404);
    expect((await (await as('hq'))({ method: 'GET', url: '/api/protocols/abc' })).statusCode).toBe(400);
  });
});

describe('protocol photos and the entry queue', () => {
  it('an observer uploads photos for their own station only; data entry reads protocol photos and nothing else', async () => {
    const observerToken = await tokenOf('observer');
    const mine = await uploadProtocolPhoto(url, observerToken, own.id);
    expect(mine.status).toBe(201);
    expect(mine.upload).toMatchObject({ state: 'complete', evidence: { purpose: 'protocol_photo' } });
    const other = await station('almaty-city', 1);
    expect((await uploadProtocolPhoto(url, observerToken, other.id)).status).toBe(403);
    expect((await protocolOf(own.id)).photos.map((p) => p.id)).toContain(mine.id);

    const operator = await as('operator');
    expect((await operator({ method: 'GET', url: `/api/evidence/${mine.id}` })).statusCode).toBe(200);
    expect((await operator({ method: 'GET', url: `/api/evidence/${mine.id}/content` })).statusCode).toBe(200);

    // A violation's photo, complete, at the same station.
    const db = t.app.db;
    await db
      .insertInto('violation_categories')
      .values({
        code: 'test-protocols',
        phase: 'any',
        article: '0',
        severity: 'minor',
        title_kk: 'Test',
        title_ru: 'Test',
        title_en: 'Test',
        hint_kk: '',
        hint_ru: '',
        hint_en: '',
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const observerId = (
      await db.selectFrom('people').select('id').where('username', '=', 'observer').executeTakeFirstOrThrow()
    ).id;
    const violationId = randomUUID();
    await db
      .insertInto('violations')
      .values({
        id: violationId,
        election_id: electionId,
        station_id: own.id,
        region_code: own.region,
        category_code: 'test-protocols',
        severity: 'minor',
        status: 'reported',
        observed_at: new Date(),
        description: 'Two people in one booth',
        reporter_id: observerId,
        seq: sql<number>`nextval('change_seq')`,
      })
      .execute();
    const evidenceId = randomUUID();
    await db
      .insertInto('evidence')
      .values({
        id: evidenceId,
        violation_id: violationId,
        station_id: own.id,
        region_code: own.region,
        purpose: 'evidence',
        uploader_id: observerId,
        state: 'complete',
        size: 10,
        received_bytes: 10,
        kind: 'photo',
        mime: 'image/jpeg',
        sha256: 'a'.repeat(64),
        storage_key: 'nowhere',
      })
      .execute();
    expect((await operator({ method: 'GET', url: `/api/evidence/${evidenceId}` })).statusCode).toBe(403);
    expect((await (await as('hq'))({ method: 'GET', url: `/api/evidence/${evidenceId}` })).statusCode).toBe(200);
  });

  it('gives two operators different stations, holds each, and never shows the observer figures', async () => {
    const hqToken = await tokenOf('hq');
    const a = await station('turkistan', 0);
    const b = await station('turkistan', 1);
    await observerCopy(a, validFigures(optionIds, { invalidBallots: 8, registeredVoters: 1003 }));
    for (const s of [a, b]) expect((await uploadProtocolPhoto(url, hqToken, s.id)).status).toBe(201);

    const ask = async (username: string, query = '') =>
      EntryNext.parse((await (await as(username))({ method: 'GET', url: `/api/protocols/entry/next${query}` })).json());
    const [first, second] = await Promise.all([ask('operator'), ask(await secondOperator(t.app.db))]);
    expect(first.task).not.toBeNull();
    expect(second.task).not.toBeNull();
    expect(first.task!.station.id).not.toBe(second.task!.station.id);
    expect(first.waiting).toBeGreaterThanOrEqual(2);
    // Held: asking again gives the same station back.
    expect((await ask('operator')).task?.station.id).toBe(first.task!.station.id);

    const raw = await (await as('operator'))({ method: 'GET', url: '/api/protocols/entry/next' });
    expect(Object.keys(raw.json().task).sort()).toEqual(['ballot', 'claimedUntil', 'photos', 'station']);
    expect(raw.body).not.toMatch(/figures|votes|registeredVoters"?:\s*1003\b/);
    expect(raw.json().task.photos.length).toBeGreaterThan(0);

    // Typed: the claim ends and the station leaves the queue.
    const held = first.task!.station.id;
    const typed = await operatorEntry(held, validFigures(optionIds));
    expect(typed.statusCode, typed.body).toBe(200);
    const row = await t.app.db
      .selectFrom('station_protocols')
      .select(['claimed_by', 'operator_entry_id'])
      .where('station_id', '=', held)
      .executeTakeFirstOrThrow();
    expect(row.claimed_by).toBeNull();
    expect((await ask('operator')).task?.station.id).not.toBe(held);
    // Skipping one passes it over (and lets it go).
    const next = await ask('operator');
    if (next.task)
      expect((await ask('operator', `?skip=${next.task.station.id}`)).task?.station.id).not.toBe(next.task.station.id);
  });
});

/** Stores the commission's figures for a station, as the official import does. */
async function officialFigures(s: Station, figures: ProtocolFigures) {
  await writeTally(t.app.db, { stationId: s.id, electionId: s.electionId, region: s.region }, 'official', {
    ...toOfficialShape(figures),
  });
}

const seqOf = async (stationId: number) =>
  Number(
    (
      await t.app.db
        .selectFrom('station_status')
        .select('seq')
        .where('station_id', '=', stationId)
        .executeTakeFirstOrThrow()
    ).seq,
  );

describe("a supervisor's decision stands", () => {
  it('a copy sent again under a new id neither adds an agreed version nor undoes a correction', async () => {
    const s = await station('almaty-city', 10);
    const agreed = validFigures(optionIds);
    await observerCopy(s, agreed);
    expect((await operatorEntry(s.id, agreed)).json()).toMatchObject({ status: 'verified', verifiedVersion: 1 });
    const corrected = twoDiffer(agreed);
    expect((await resolve(s.id, 1, corrected, 'The photo says otherwise')).statusCode).toBe(200);

    // The phone sends the same copy again as a new report.
    await observerCopy(s, agreed);
    const view = await protocolOf(s.id);
    expect(view).toMatchObject({ status: 'verified', conflicts: [] });
    expect(view.versions.map((v) => [v.version, v.basis])).toEqual([
      [2, 'corrected'],
      [1, 'agreed'],
    ]);
    expect(view.verified?.figures).toEqual(corrected);
  });

  it('a settled conflict is not reopened by the same copy; agreeing copies that differ from the decision go back to a supervisor', async () => {
    const s = await station('almaty-city', 11);
    const observer = validFigures(optionIds);
    const typed = twoDiffer(observer);
    await observerCopy(s, observer);
    await operatorEntry(s.id, typed);
    const decided = { ...observer, invalidBallots: 9, votes: typed.votes.map((v) => ({ ...v })) };
    decided.votes[0]!.votes += 1; // neither entry's figures: what the photo shows
    expect((await resolve(s.id, null, decided, 'From the photo')).statusCode).toBe(200);

    await observerCopy(s, observer);
    expect(await protocolOf(s.id)).toMatchObject({ status: 'verified', state: 'verified', conflicts: [] });

    // The observer's new copy now agrees with the operator, not with the decision: no automatic version.
    await observerCopy(s, typed);
    const view = await protocolOf(s.id);
    expect(view).toMatchObject({ status: 'conflict', state: 'verified' });
    expect(view.versions.map((v) => [v.version, v.basis])).toEqual([[1, 'resolved']]);
    // `a`: the copies' value (observer's and operator's alike); `b`: the verified version's.
    expect(view.conflicts).toEqual([
      { key: `votes.${optionIds[0]}`, a: typed.votes[0]!.votes, b: decided.votes[0]!.votes },
    ]);
    const again = await resolve(s.id, 1, typed, 'The new copy is right');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'verified', verifiedVersion: 2 });
    expect((await protocolOf(s.id)).versions[0]).toMatchObject({ version: 2, basis: 'resolved' });
  });

  it('a decision made on a copy that has since been replaced is refused (409)', async () => {
    const s = await station('almaty-city', 12);
    const observer = validFigures(optionIds);
    await observerCopy(s, observer);
    await operatorEntry(s.id, twoDiffer(observer));
    const seen = await protocolOf(s.id);
    const ids = { observerEntryId: seen.observer!.id, operatorEntryId: seen.operator!.id };
    await observerCopy(s, { ...observer, invalidBallots: 10 });

    const stale = await resolve(s.id, null, observer, '', ids);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual([expect.objectContaining({ path: 'observerEntryId' })]);
    const wrongOperator = await resolve(s.id, null, observer, '', {
      observerEntryId: (await protocolOf(s.id)).observer!.id,
      operatorEntryId: null,
    });
    expect(wrongOperator.statusCode).toBe(409);
    expect(wrongOperator.json().error.details).toEqual([expect.objectContaining({ path: 'operatorEntryId' })]);
    expect(await count('protocol_versions', s.id)).toBe(0);
    expect((await resolve(s.id, null, observer)).statusCode).toBe(200);
  });
});

describe('every protocol change is told', () => {
  it("an operator's entry that opens a conflict, and a correction that keeps `verified`, both move the station's change number and are pushed", async () => {
    const s = await station('almaty-city', 13);
    const socket = await openSocket(t.app, url, 'hq');
    sockets.push(socket);
    const pushed: StationLive[] = [];
    socket.on('stations:changed', (m: { items: StationLive[] }) => {
      pushed.push(...m.items.filter((i) => i.stationId === s.id));
    });
    const pushAfter = (seq: number) =>
      vi.waitFor(() => {
        const item = pushed.find((i) => i.seq > seq);
        if (!item) throw new Error(`no push after ${seq}`);
        return item;
      });
    const observer = validFigures(optionIds);
    await observerCopy(s, observer);
    const received = await seqOf(s.id);
    await pushAfter(received - 1);

    await operatorEntry(s.id, twoDiffer(observer));
    expect((await protocolOf(s.id)).state).toBe('received');
    const afterEntry = await seqOf(s.id);
    expect(afterEntry).toBeGreaterThan(received);
    expect(await pushAfter(received)).toMatchObject({ protocol: 'received', seq: afterEntry });

    expect((await resolve(s.id, null, observer)).statusCode).toBe(200);
    const afterResolve = await seqOf(s.id);
    expect(afterResolve).toBeGreaterThan(afterEntry);
    await pushAfter(afterEntry);
    expect((await resolve(s.id, 1, twoDiffer(observer), 'Second look')).statusCode).toBe(200);
    expect((await protocolOf(s.id)).state).toBe('verified');
    const afterCorrection = await seqOf(s.id);
    expect(afterCorrection).toBeGreaterThan(afterResolve);
    expect(await pushAfter(afterResolve)).toMatchObject({ protocol: 'verified', seq: afterCorrection });
  });
});

describe('who sees what: figures kept to those who may read them', () => {
  it('the station timeline withholds protocol figures from readers without protocols.read', async () => {
    const s = await station('almaty-city', 14);
    const figures = validFigures(optionIds);
    await sendReport(t.app, await tokenOf('hq'), protocolReport(s, figures, { ownTally: 498, note: 'copy' }));
    const timeline = async (username: string) => {
      const res = await (await as(username))({ method: 'GET', url: `/api/stations/${s.id}/reports` });
      expect(res.statusCode, res.body).toBe(200);
      return StationReportList.parse(res.json()).items.filter((r) => r.kind === 'protocol');
    };
    for (const username of ['correspondent', 'mobile']) {
      const [item] = await timeline(username);
      expect(item).toMatchObject({ kind: 'protocol', receivedAt: expect.any(String) });
      expect(item!.flags).toContain('figures_withheld');
      expect(item!.body).toMatchObject({ kind: 'protocol', ownTally: null, note: '' });
      if (item!.body.kind !== 'protocol') throw new Error('not a protocol');
      expect(item!.body.figures).toMatchObject({ registeredVoters: 0, invalidBallots: 0, votes: [] });
    }
    for (const username of ['hq', 'almaty-coordinator', 'lawyer']) {
      const [item] = await timeline(username);
      expect(item!.flags).not.toContain('figures_withheld');
      expect(item!.body).toMatchObject({ kind: 'protocol', figures, ownTally: 498, note: 'copy' });
    }
  });

  it('the conflicts CSV is for those who resolve; an observer reads no official figures', async () => {
    for (const username of ['lawyer', 'almaty-coordinator']) {
      const res = await (await as(username))({ method: 'GET', url: '/api/protocols/conflicts.csv' });
      expect(res.statusCode).toBe(403);
    }
    expect((await (await as('coordinator'))({ method: 'GET', url: '/api/protocols/conflicts.csv' })).statusCode).toBe(
      200,
    );

    const figures = validFigures(optionIds);
    await officialFigures(own, { ...figures, invalidBallots: 3 });
    const mine = await protocolOf(own.id, 'observer');
    expect(mine).toMatchObject({ official: null, officialDifferences: [] });
    expect((await protocolOf(own.id, 'hq')).official).toMatchObject({ invalidBallots: 3 });
    expect((await protocolOf(own.id, 'almaty-coordinator')).official).toMatchObject({ invalidBallots: 3 });
  });
});

describe('blind double entry, four eyes', () => {
  it('HQ may not type an entry; whoever typed the entry may not resolve it', async () => {
    const s = await station('almaty-city', 15);
    const observer = validFigures(optionIds);
    await observerCopy(s, observer);
    for (const username of ['hq', 'coordinator']) {
      expect((await operatorEntry(s.id, observer, randomUUID(), username)).statusCode).toBe(403);
    }
    expect((await (await as('hq'))({ method: 'GET', url: '/api/protocols/entry/next' })).statusCode).toBe(403);
    const id = randomUUID();
    expect((await operatorEntry(s.id, twoDiffer(observer), id)).statusCode).toBe(200);
    // Defensive: an entry typed by someone who resolves (a role changed, an old entry).
    const hq = await t.app.db.selectFrom('people').select('id').where('username', '=', 'hq').executeTakeFirstOrThrow();
    await t.app.db.updateTable('protocol_entries').set({ person_id: hq.id }).where('id', '=', id).execute();
    const own = await resolve(s.id, null, observer);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('forbidden');
    expect(await count('protocol_versions', s.id)).toBe(0);
    expect((await resolve(s.id, null, observer, '', undefined, 'coordinator')).statusCode).toBe(200);
  });
});

describe("the observer's own tally", () => {
  it('null means no tally was kept: a turnout count is never put in its place', async () => {
    const s = await station('almaty-city', 16);
    const turnout = (chairFigure: number, ownCount: number): ReportEnvelope => ({
      id: randomUUID(),
      stationId: s.id,
      electionId: s.electionId,
      deviceTime: new Date().toISOString(),
      body: { kind: 'turnout', at: new Date().toISOString(), chairFigure, ownCount, portableBoxRequests: 3 },
    });
    expect((await sendReport(t.app, await tokenOf('hq'), turnout(400, 100))).status).toBe(200);
    const alone = protocolReport(s, validFigures(optionIds), { ownTally: null });
    expect((await sendReport(t.app, await tokenOf('hq'), alone)).status).toBe(200);
    // And a turnout report earlier in the same batch.
    const inBatch = protocolReport(s, validFigures(optionIds, { invalidBallots: 9 }), { ownTally: null });
    const batch = await (
      await as('hq')
    )({ method: 'POST', url: '/api/reports', payload: [turnout(450, 120), inBatch] });
    expect(batch.statusCode, batch.body).toBe(200);
    for (const id of [alone.id, inBatch.id]) {
      const entry = await t.app.db
        .selectFrom('protocol_entries')
        .select(['own_tally', 'failed'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(entry.own_tally).toBeNull();
      expect(entry.failed).not.toContain('own_tally');
    }
    const view = await protocolOf(s.id);
    expect(view.observer?.ownTally).toBeNull();
    expect(view.observer?.checks.some((c) => c.code === 'own_tally' && !c.ok)).toBe(false);
  });
});

describe('protocol photos: limits', () => {
  it('refuses a protocol photo over the photo size limit, and a station beyond its protocol photos (a resent declaration still answers)', async () => {
    const s = await station('almaty-city', 17);
    const declare = async (size: number, id = randomUUID()) =>
      (await as('hq'))({
        method: 'POST',
        url: '/api/evidence',
        payload: { id, stationId: s.id, purpose: 'protocol_photo', size, fileName: 'protocol.jpg' },
      });
    const tooBig = await declare(t.app.config.evidenceMaxPhotoBytes + 1);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.message).toMatch(/protocol photo may be at most/);

    const first = randomUUID();
    expect((await declare(4000, first)).statusCode).toBe(201);
    const hq = await t.app.db.selectFrom('people').select('id').where('username', '=', 'hq').executeTakeFirstOrThrow();
    await t.app.db
      .insertInto('evidence')
      .values(
        Array.from({ length: 29 }, () => ({
          id: randomUUID(),
          station_id: s.id,
          region_code: s.region,
          purpose: 'protocol_photo' as const,
          uploader_id: hq.id,
          state: 'uploading' as const,
          size: 4000,
          storage_key: 'nowhere',
        })),
      )
      .execute();
    const over = await declare(4000);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.message).toMatch(/30 protocol photos/);
    expect((await declare(4000, first)).statusCode).toBe(200);
    // The declaration gave the station its protocol row (the entry queue offers it once a photo is in).
    const row = await t.app.db
      .selectFrom('station_protocols')
      .select('state')
      .where('station_id', '=', s.id)
      .executeTakeFirst();
    expect(row?.state).toBe('none');
  });
});

describe('exports', () => {
  it('the protocols CSV has a row per station with a copy, the options as columns, formula-safe cells', async () => {
    const conflicted = await station('almaty-city', 8);
    const figures = validFigures(optionIds);
    await observerCopy(conflicted, figures);
    await operatorEntry(conflicted.id, twoDiffer(figures));
    const flagged = await station('almaty-city', 9);
    await observerCopy(flagged, impossiblePortableBox(optionIds));
    // An option whose name a spreadsheet would run as a formula on its own.
    await t.app.db
      .insertInto('ballot_options')
      .values({
        election_id: electionId,
        position: 99,
        kind: 'against_all',
        name_kk: '=HYPERLINK("x")',
        name_ru: '=HYPERLINK("x")',
        name_en: '=HYPERLINK("x")',
        affiliation: null,
      })
      .execute();

    const res = await (await as('hq'))({ method: 'GET', url: '/api/protocols.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body.slice(1).trim().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['station_number', 'region', 'state', 'status', 'verified_version', 'copy']);
    expect(header).toContain('1. Айгуль Бекмуратова');
    // The position leads the option's column, so no header cell can start a formula.
    expect(lines[0]).toContain(`"99. =HYPERLINK(""x"")"`);
    expect(res.body).not.toMatch(/(^|[,\r\n])"?[=+@]/);
    expect(header.at(-1)).toBe('failed_checks');
    const withCopy = await t.app.db
      .selectFrom('station_protocols')
      .select(sql<number>`count(*)::int`.as('n'))
      .where((eb) => eb.or([eb('observer_entry_id', 'is not', null), eb('verified_version', 'is not', null)]))
      .executeTakeFirstOrThrow();
    expect(lines.length - 1).toBe(withCopy.n);
    const flaggedRow = lines.find((l) => l.startsWith(`${flagged.number},`))!;
    expect(flaggedRow).toMatch(/,flagged,awaiting_entry,,observer,1000,1010,488,12,5,510,486,1,12,498,8,/);
    expect(flaggedRow.endsWith(',portable_le_requests')).toBe(true);

    const conflicts = await (
      await as('hq')
    )({ method: 'GET', url: '/api/protocols/conflicts.csv?delimiter=semicolon' });
    expect(conflicts.statusCode).toBe(200);
    const rows = conflicts.body.slice(1).trim().split('\r\n');
    expect(rows[0]).toBe('station_number;region;figure;observer;operator');
    expect(rows).toContain(`${conflicted.number};almaty-city;invalidBallots;8;9`);
    expect(rows).toContain(
      `${conflicted.number};almaty-city;votes.${optionIds[1]};${figures.votes[1]!.votes};${figures.votes[1]!.votes - 1}`,
    );
    const open = await t.app.db
      .selectFrom('station_protocols')
      .select(sql<number>`coalesce(sum(jsonb_array_length(conflicts)), 0)::int`.as('n'))
      .where('status', '=', 'conflict')
      .executeTakeFirstOrThrow();
    expect(rows.length - 1).toBe(open.n);

    const regional = await (await as('almaty-coordinator'))({ method: 'GET', url: '/api/protocols.csv' });
    expect(regional.statusCode).toBe(200);
    expect(regional.body).not.toMatch(/\r\n\d+,shymkent,/);
    expect((await (await as('operator'))({ method: 'GET', url: '/api/protocols.csv' })).statusCode).toBe(403);
  });
});

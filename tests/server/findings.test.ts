import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchQuery } from '../../db/queries/finding.queries.ts';
import { ComplaintList, complaintDeadline } from '../../shared/complaints.ts';
import { EvidenceUpload } from '../../shared/evidence.ts';
import {
  Finding,
  FindingCategoryList,
  FindingList,
  FindingsChanged,
  reviewedStatus,
  type FindingEdit,
  type NewFinding,
  type ReviewDecision,
} from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { asUser, login } from '../support/auth.ts';
import { addPerson, newFinding } from '../support/finding-fixtures.ts';
import { jpegBytes } from '../support/protocol-fixtures.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

type As = ReturnType<typeof asUser>;

let t: TestApp;
let url: string;
let evidenceDir: string;
const sockets: Socket[] = [];
const tokens: Record<string, string> = {};
const as: Record<string, As> = {};
let astanaStation: { id: number; number: number };
let almatyStation: { id: number };
let votingDate: string;

beforeAll(async () => {
  evidenceDir = mkdtempSync(join(tmpdir(), 'baqylau-findings-'));
  t = await createTestApp({ EVIDENCE_DIR: evidenceDir });
  url = await t.listen();
  const db = t.app.db;
  // A second long-term observer in Astana, one in Almaty, Astana's own coordinator, and a
  // coordinator who also logs findings (and so may not review their own).
  await addPerson(db, { username: 'lto-astana-2', role: 'long_term_observer', regions: ['astana'] });
  await addPerson(db, { username: 'lto-almaty', role: 'long_term_observer', regions: ['almaty-city'] });
  await addPerson(db, { username: 'astana-coordinator', role: 'regional_coordinator', regions: ['astana'] });
  await addPerson(db, { username: 'astana-coordinator-2', role: 'regional_coordinator', regions: ['astana'] });
  for (const name of [
    'hq',
    'lto',
    'lto-astana-2',
    'lto-almaty',
    'astana-coordinator',
    'astana-coordinator-2',
    'almaty-coordinator',
    'lawyer',
    'observer',
  ]) {
    tokens[name] = (await login(t.app, name)).token;
    as[name] = asUser(t.app, tokens[name]!);
  }
  const election = await db
    .selectFrom('elections')
    .select(['id', 'voting_date'])
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  const electionId = election.id;
  votingDate = election.voting_date;
  const station = (region: string) =>
    db
      .selectFrom('stations')
      .select(['id', 'number'])
      .where('election_id', '=', electionId)
      .where('region_code', '=', region)
      .orderBy('number')
      .executeTakeFirstOrThrow();
  astanaStation = await station('astana');
  almatyStation = await station('almaty-city');
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
  rmSync(evidenceDir, { recursive: true, force: true });
});

const count = async (table: 'findings' | 'finding_changes' | 'complaints') =>
  Number(
    (
      await t.app.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function create(who: string, overrides: Partial<NewFinding> = {}): Promise<Finding> {
  const res = await as[who]!({ method: 'POST', url: '/api/findings', payload: newFinding(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return Finding.parse(res.json());
}

async function get(who: string, id: string): Promise<Finding> {
  const res = await as[who]!({ method: 'GET', url: `/api/findings/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return Finding.parse(res.json());
}

function review(who: string, f: Finding, decision: ReviewDecision, comment = '', changeId = randomUUID()) {
  return as[who]!({
    method: 'POST',
    url: `/api/findings/${f.id}/review`,
    payload: { changeId, version: f.version, decision, comment },
  });
}

async function verified(author = 'lto', overrides: Partial<NewFinding> = {}): Promise<Finding> {
  const f = await create(author, overrides);
  const res = await review('astana-coordinator', f, 'verify');
  expect(res.statusCode, res.body).toBe(200);
  return Finding.parse(res.json());
}

function edit(who: string, f: Finding, fields: Omit<FindingEdit, 'changeId' | 'version'>, changeId = randomUUID()) {
  return as[who]!({
    method: 'PATCH',
    url: `/api/findings/${f.id}`,
    payload: { changeId, version: f.version, ...fields },
  });
}

/** Sends `bytes` of a declared file from `offset` as one multipart part, over real HTTP. */
async function sendBytes(who: string, id: string, bytes: Buffer, offset = 0) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'school.jpg');
  const sent = await fetch(`${url}/api/evidence/${id}/content?offset=${offset}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${tokens[who]}` },
    body: form,
  });
  expect(sent.status, await sent.clone().text()).toBe(200);
  return EvidenceUpload.parse(await sent.json());
}

/** Declares a file of a finding and sends its bytes (all of them, or the first `part`). */
async function uploadPhoto(who: string, findingId: string, part?: number) {
  const id = randomUUID();
  const bytes = jpegBytes();
  const declared = await fetch(`${url}/api/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, findingId, size: bytes.length, fileName: 'school.jpg' }),
  });
  if (declared.status !== 201) return { status: declared.status, id, bytes, upload: null };
  return { status: declared.status, id, bytes, upload: await sendBytes(who, id, bytes.subarray(0, part)) };
}

describe('GET /api/finding-categories', () => {
  it('lists the catalogue in three languages to whoever reads findings, and to nobody else', async () => {
    const res = await as.lto!({ method: 'GET', url: '/api/finding-categories' });
    expect(res.statusCode, res.body).toBe(200);
    const { items } = FindingCategoryList.parse(res.json());
    expect(items.map((c) => c.code)).toContain('employer_pressure');
    expect(items.find((c) => c.code === 'vote_buying')?.title).toEqual({
      kk: 'Сайлаушыларды сатып алу',
      ru: 'Подкуп избирателей',
      en: 'Vote buying',
    });
    expect((await as.observer!({ method: 'GET', url: '/api/finding-categories' })).statusCode).toBe(403);
  });
});

describe('POST /api/findings', () => {
  it('logs a finding with its history; a resend answers 200 with the same finding and writes nothing', async () => {
    const body = newFinding({ stationId: astanaStation.id, position: { lat: 51.13, lng: 71.43 } });
    const first = await as.lto!({ method: 'POST', url: '/api/findings', payload: body });
    expect(first.statusCode, first.body).toBe(201);
    const created = Finding.parse(first.json());
    expect(created).toMatchObject({
      id: body.id,
      status: 'new',
      version: 1,
      region: 'astana',
      station: { id: astanaStation.id, number: astanaStation.number },
      stationNumber: astanaStation.number,
      mapPosition: { lat: 51.13, lng: 71.43, source: 'own' },
      sources: body.sources,
      mergedInto: null,
      may: { edit: true, review: false, merge: false, refer: false },
    });
    expect(created.history.map((h) => h.kind)).toEqual(['created']);

    const findings = await count('findings');
    const changes = await count('finding_changes');
    const again = await as.lto!({ method: 'POST', url: '/api/findings', payload: body });
    expect(again.statusCode, again.body).toBe(200);
    expect(Finding.parse(again.json())).toEqual(created);
    expect(await count('findings')).toBe(findings);
    expect(await count('finding_changes')).toBe(changes);
  });

  it('refuses the same id with other content, or from another author (409)', async () => {
    const body = newFinding();
    expect((await as.lto!({ method: 'POST', url: '/api/findings', payload: body })).statusCode).toBe(201);
    const other = await as.lto!({ method: 'POST', url: '/api/findings', payload: { ...body, title: 'Басқа тақырып' } });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    const stranger = await as['lto-astana-2']!({ method: 'POST', url: '/api/findings', payload: body });
    expect(stranger.statusCode, stranger.body).toBe(409);
  });

  it('places a finding without a point at its station, else at its region centre', async () => {
    const atStation = await create('lto', { stationId: astanaStation.id });
    const station = await t.app.db
      .selectFrom('stations')
      .select(['lat', 'lng'])
      .where('id', '=', astanaStation.id)
      .executeTakeFirstOrThrow();
    expect(atStation.mapPosition).toEqual({ lat: station.lat, lng: station.lng, source: 'station' });
    const region = await t.app.db
      .selectFrom('regions')
      .select(['center_lat', 'center_lng'])
      .where('code', '=', 'astana')
      .executeTakeFirstOrThrow();
    expect((await create('lto')).mapPosition).toEqual({
      lat: region.center_lat,
      lng: region.center_lng,
      source: 'region',
    });
  });

  it('answers 400 naming the field for bad input, and writes nothing', async () => {
    const before = await count('findings');
    const cases: [Partial<NewFinding> | Record<string, unknown>, string][] = [
      [{ categoryCode: 'no_such_category' }, 'categoryCode'],
      [{ region: 'atlantis' }, 'region'],
      [{ stationId: almatyStation.id }, 'stationId'],
      [{ occurredOn: '2999-01-01' }, 'occurredOn'],
      [{ title: '' }, 'title'],
      [{ sources: [] }, 'sources'],
      [{ sources: [{ kind: 'media', note: '', url: null }] }, 'sources.0.url'],
    ];
    for (const [overrides, path] of cases) {
      const res = await as.lto!({ method: 'POST', url: '/api/findings', payload: { ...newFinding(), ...overrides } });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(
        (res.json().error.details as { path: string }[]).map((d) => d.path),
        path,
      ).toContain(path);
    }
    // A category HQ switched off takes no new findings.
    await t.app.db.updateTable('finding_categories').set({ active: false }).where('code', '=', 'other').execute();
    try {
      const res = await as.lto!({
        method: 'POST',
        url: '/api/findings',
        payload: newFinding({ categoryCode: 'other' }),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details[0].path).toBe('categoryCode');
    } finally {
      await t.app.db.updateTable('finding_categories').set({ active: true }).where('code', '=', 'other').execute();
    }
    expect(await count('findings')).toBe(before);
  });

  it('keeps observers and coordinators to their regions and refuses roles that do not log findings (403)', async () => {
    const before = await count('findings');
    const almaty = newFinding({ region: 'almaty-city', locality: 'Алматы' });
    expect((await as.lto!({ method: 'POST', url: '/api/findings', payload: almaty })).statusCode).toBe(403);
    expect(
      (await as['astana-coordinator']!({ method: 'POST', url: '/api/findings', payload: almaty })).statusCode,
    ).toBe(403);
    expect((await as.observer!({ method: 'POST', url: '/api/findings', payload: newFinding() })).statusCode).toBe(403);
    expect((await as.lawyer!({ method: 'POST', url: '/api/findings', payload: newFinding() })).statusCode).toBe(403);
    expect(await count('findings')).toBe(before);
    // Their own region is fine, for both; HQ anywhere.
    await create('lto-almaty', { region: 'almaty-city', locality: 'Алматы' });
    await create('almaty-coordinator', { region: 'almaty-city', locality: 'Алматы' });
    await create('hq', { region: 'almaty-city', locality: 'Алматы' });
  });
});

describe('PATCH /api/findings/:id', () => {
  it('lets the author edit, records the changed fields and rebuilds the search document', async () => {
    const f = await create('lto');
    const res = await edit('lto', f, { title: 'Әкімдіктегі жиналыста қысым көрсетілді', confidence: 'high' });
    expect(res.statusCode, res.body).toBe(200);
    const after = Finding.parse(res.json());
    expect(after).toMatchObject({ version: 2, status: 'new', confidence: 'high' });
    const last = after.history.at(-1)!;
    expect(last.kind).toBe('edited');
    expect(last.changes).toEqual([
      { field: 'title', before: f.title, after: 'Әкімдіктегі жиналыста қысым көрсетілді' },
      { field: 'confidence', before: 'medium', after: 'high' },
    ]);
    const tsquery = searchQuery('әкімдіктегі')!;
    const hits = await t.app.db
      .selectFrom('findings')
      .select('id')
      .where(sql<boolean>`search_vector @@ (${tsquery})`)
      .execute();
    expect(hits.map((h) => h.id)).toContain(f.id);
  });

  it('refuses another observer (403), a stale version (409 naming the current one) and a reviewed finding (409)', async () => {
    const f = await create('lto');
    expect((await edit('lto-astana-2', f, { title: 'Басқа біреу өзгертті' })).statusCode).toBe(403);
    const first = await edit('lto', f, { place: 'Мектеп №46' });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await edit('lto', f, { place: 'Мектеп №47' });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error.details).toEqual([{ path: 'version', message: 'the current version is 2' }]);

    const current = Finding.parse(first.json());
    const verifiedRes = await review('astana-coordinator', current, 'verify');
    expect(verifiedRes.statusCode, verifiedRes.body).toBe(200);
    const late = await edit('lto', Finding.parse(verifiedRes.json()), { place: 'Мектеп №48' });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().error.message).toMatch(/reviewed/);
  });

  it('treats a resent change id as done: 200 with the finding as it is, nothing changed', async () => {
    const f = await create('lto');
    const changeId = randomUUID();
    const first = await edit('lto', f, { locality: 'Астана, Сарыарқа ауданы' }, changeId);
    expect(first.statusCode).toBe(200);
    const changes = await count('finding_changes');
    const again = await edit('lto', f, { locality: 'Астана, Сарыарқа ауданы' }, changeId);
    expect(again.statusCode, again.body).toBe(200);
    expect(Finding.parse(again.json()).version).toBe(2);
    expect(await count('finding_changes')).toBe(changes);
  });

  it('sends a rejected finding back for review when its author edits it', async () => {
    const f = await create('lto');
    const rejected = await review('astana-coordinator', f, 'reject', 'Дереккөз көрсетілмеген');
    expect(rejected.statusCode, rejected.body).toBe(200);
    const r = Finding.parse(rejected.json());
    expect(r).toMatchObject({ status: 'rejected', review: { comment: 'Дереккөз көрсетілмеген' } });
    const res = await edit('lto', r, { sources: [{ kind: 'document', note: 'Бұйрық №45', url: null }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(Finding.parse(res.json())).toMatchObject({ status: 'new', version: 3 });
  });
});

describe('POST /api/findings/:id/review', () => {
  it("lets the region's coordinator verify, with the decision in the history", async () => {
    const f = await create('lto');
    expect((await get('astana-coordinator', f.id)).may).toEqual({
      edit: true,
      review: true,
      merge: true,
      refer: false,
    });
    const res = await review('astana-coordinator', f, 'verify', 'Екі дереккөз расталды');
    expect(res.statusCode, res.body).toBe(200);
    const v = Finding.parse(res.json());
    expect(v).toMatchObject({ status: 'verified', version: 2, review: { comment: 'Екі дереккөз расталды' } });
    expect(v.history.at(-1)).toMatchObject({ kind: 'verify', status: 'verified', comment: 'Екі дереккөз расталды' });
    expect(v.may.refer).toBe(true);
  });

  it('refuses another region’s coordinator, an observer and the author (403), and a move that does not apply (409)', async () => {
    const f = await create('lto');
    expect((await review('almaty-coordinator', f, 'verify')).statusCode).toBe(403);
    expect((await review('lto', f, 'verify')).statusCode).toBe(403);
    const own = await create('astana-coordinator');
    const self = await review('astana-coordinator', own, 'verify');
    expect(self.statusCode, self.body).toBe(403);
    expect((await review('astana-coordinator-2', own, 'verify')).statusCode).toBe(200);

    const noReason = await review('astana-coordinator', f, 'reject');
    expect(noReason.statusCode).toBe(400);
    const invalid = await review('astana-coordinator', f, 'close');
    expect(invalid.statusCode, invalid.body).toBe(409);
    expect(invalid.json().error.details[0].path).toBe('decision');
    const ok = await review('astana-coordinator', f, 'verify');
    expect(ok.statusCode).toBe(200);
    // The version moved on: a second look made on the old one is stale.
    expect((await review('astana-coordinator', f, 'verify')).statusCode).toBe(409);
    expect((await review('astana-coordinator', Finding.parse(ok.json()), 'verify')).statusCode).toBe(409);
  });

  it('is idempotent by change id', async () => {
    const f = await create('lto');
    const changeId = randomUUID();
    expect((await review('astana-coordinator', f, 'verify', '', changeId)).statusCode).toBe(200);
    const again = await review('astana-coordinator', f, 'verify', '', changeId);
    expect(again.statusCode, again.body).toBe(200);
    expect(Finding.parse(again.json()).history.filter((h) => h.kind === 'verify')).toHaveLength(1);
  });
});

describe('GET /api/findings/:id', () => {
  it('shows a new finding to its author and coordinators only; others of the region once verified', async () => {
    const f = await create('lto');
    expect((await get('lto', f.id)).may.edit).toBe(true);
    expect((await as['lto-astana-2']!({ method: 'GET', url: `/api/findings/${f.id}` })).statusCode).toBe(403);
    expect((await as.lawyer!({ method: 'GET', url: `/api/findings/${f.id}` })).statusCode).toBe(403);
    expect((await as['almaty-coordinator']!({ method: 'GET', url: `/api/findings/${f.id}` })).statusCode).toBe(403);
    expect((await as['lto-almaty']!({ method: 'GET', url: `/api/findings/${f.id}` })).statusCode).toBe(403);
    await get('astana-coordinator', f.id);
    await get('hq', f.id);

    expect((await review('astana-coordinator', f, 'verify')).statusCode).toBe(200);
    const seen = await get('lto-astana-2', f.id);
    expect(seen.may).toEqual({ edit: false, review: false, merge: false, refer: false });
    expect((await get('lawyer', f.id)).may.refer).toBe(true);
    // Verified findings are the region's: an observer elsewhere still does not see them.
    expect((await as['lto-almaty']!({ method: 'GET', url: `/api/findings/${f.id}` })).statusCode).toBe(403);
    expect((await as.lto!({ method: 'GET', url: `/api/findings/${randomUUID()}` })).statusCode).toBe(404);
    expect((await as.lto!({ method: 'GET', url: '/api/findings/not-a-uuid' })).statusCode).toBe(400);
  });
});

describe('evidence of a finding', () => {
  it('takes the author’s photo, shows it on the finding, and refuses another observer (403)', async () => {
    const f = await create('lto');
    const up = await uploadPhoto('lto', f.id);
    expect(up.status).toBe(201);
    expect(up.upload?.state).toBe('complete');
    const row = await t.app.db
      .selectFrom('evidence')
      .select(['finding_id', 'region_code', 'station_id', 'violation_id'])
      .where('id', '=', up.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ finding_id: f.id, region_code: 'astana', station_id: null, violation_id: null });
    const page = await get('lto', f.id);
    expect(page.evidence).toMatchObject([{ id: up.id, findingId: f.id, fileName: 'school.jpg', kind: 'photo' }]);
    expect(page.evidenceCount).toBe(1);
    // The region's coordinator reads it; another observer may neither add to it nor read it.
    expect((await as['astana-coordinator']!({ method: 'GET', url: `/api/evidence/${up.id}` })).statusCode).toBe(200);
    expect((await uploadPhoto('lto-astana-2', f.id)).status).toBe(403);
    expect((await as['lto-astana-2']!({ method: 'GET', url: `/api/evidence/${up.id}` })).statusCode).toBe(403);
    expect((await uploadPhoto('lto', randomUUID())).status).toBe(404);
  });
});

describe('POST /api/findings/:id/merge', () => {
  it('folds a duplicate (and what was merged into it) into the finding, evidence and sources included', async () => {
    const target = await create('lto');
    const duplicate = await create('lto-astana-2', {
      sources: [{ kind: 'media', note: 'Жергілікті арна', url: 'https://example.kz/news/1' }],
    });
    const earlier = await create('lto-astana-2');
    const photo = await uploadPhoto('lto-astana-2', duplicate.id);
    const merge = (into: Finding, dup: Finding, changeId = randomUUID(), who = 'astana-coordinator') =>
      as[who]!({
        method: 'POST',
        url: `/api/findings/${into.id}/merge`,
        payload: { changeId, version: into.version, duplicateId: dup.id, comment: 'Бір оқиға' },
      });

    const first = await merge(duplicate, earlier);
    expect(first.statusCode, first.body).toBe(200);
    const changeId = randomUUID();
    const res = await merge(target, duplicate, changeId);
    expect(res.statusCode, res.body).toBe(200);
    const page = Finding.parse(res.json());
    expect(page.version).toBe(2);
    expect(page.duplicates.map((d) => d.id).sort()).toEqual([duplicate.id, earlier.id].sort());
    expect(page.duplicates.find((d) => d.id === duplicate.id)?.sources[0]?.url).toBe('https://example.kz/news/1');
    expect(page.duplicateCount).toBe(2);
    expect(page.evidence.map((e) => [e.id, e.findingId])).toEqual([[photo.id, duplicate.id]]);
    expect(page.history.at(-1)).toMatchObject({ kind: 'merged', otherFindingId: duplicate.id });

    const dup = await get('astana-coordinator', duplicate.id);
    expect(dup.mergedInto).toBe(target.id);
    expect(dup.history.at(-1)).toMatchObject({ kind: 'merged_into', otherFindingId: target.id });
    expect(dup.may).toEqual({ edit: false, review: false, merge: false, refer: false });
    expect((await get('astana-coordinator', earlier.id)).mergedInto).toBe(target.id);

    // Resent: the same answer; merged again with a new id: 409; a merged one cannot be edited.
    expect((await merge(target, duplicate, changeId)).statusCode).toBe(200);
    expect((await merge(page, duplicate)).statusCode).toBe(409);
    expect((await edit('lto-astana-2', dup, { title: 'Кеш өзгеріс' })).statusCode).toBe(409);
  });

  it('refuses the same finding (400), an outsider or an observer (403), a referred duplicate (409)', async () => {
    const a = await create('lto');
    const b = await create('lto-astana-2');
    const payload = (dup: string, version: number) => ({ changeId: randomUUID(), version, duplicateId: dup });
    const self = await as.hq!({ method: 'POST', url: `/api/findings/${a.id}/merge`, payload: payload(a.id, 1) });
    expect(self.statusCode).toBe(400);
    for (const who of ['almaty-coordinator', 'lto', 'lawyer']) {
      const res = await as[who]!({ method: 'POST', url: `/api/findings/${a.id}/merge`, payload: payload(b.id, 1) });
      expect(res.statusCode, who).toBe(403);
    }
    const referred = await verified('lto-astana-2');
    const refer = await as.hq!({
      method: 'POST',
      url: `/api/findings/${referred.id}/refer`,
      payload: {
        changeId: randomUUID(),
        version: referred.version,
        complaint: { id: randomUUID(), addresseeKind: 'prosecutor', addressee: 'Астана қаласының прокуратурасы' },
      },
    });
    expect(refer.statusCode, refer.body).toBe(200);
    const res = await as.hq!({ method: 'POST', url: `/api/findings/${a.id}/merge`, payload: payload(referred.id, 1) });
    expect(res.statusCode, res.body).toBe(409);
  });
});

describe('POST /api/findings/:id/refer', () => {
  const referBody = (f: Finding, complaintId = randomUUID(), changeId = randomUUID(), text = '') => ({
    changeId,
    version: f.version,
    complaint: { id: complaintId, addresseeKind: 'prosecutor', addressee: 'Астана қаласының прокуратурасы', text },
    comment: 'Заңгерлерге',
  });

  it('hands a verified finding to the legal team as a draft complaint they see in their deadlines', async () => {
    const f = await verified('lto');
    const complaintId = randomUUID();
    const changeId = randomUUID();
    const res = await as['astana-coordinator']!({
      method: 'POST',
      url: `/api/findings/${f.id}/refer`,
      payload: referBody(f, complaintId, changeId),
    });
    expect(res.statusCode, res.body).toBe(200);
    const referred = Finding.parse(res.json());
    expect(referred).toMatchObject({ status: 'referred', version: f.version + 1 });
    expect(referred.complaints).toMatchObject([{ id: complaintId, status: 'draft', addresseeKind: 'prosecutor' }]);
    expect(referred.history.at(-1)).toMatchObject({ kind: 'refer', status: 'referred', comment: 'Заңгерлерге' });

    const complaints = await count('complaints');
    const again = await as['astana-coordinator']!({
      method: 'POST',
      url: `/api/findings/${f.id}/refer`,
      payload: referBody(f, complaintId, changeId),
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(await count('complaints')).toBe(complaints);

    const list = ComplaintList.parse(
      (await as.lawyer!({ method: 'GET', url: '/api/complaints/deadlines?all=true' })).json(),
    );
    const complaint = list.items.find((c) => c.id === complaintId);
    expect(complaint).toMatchObject({
      findingId: f.id,
      violationId: null,
      stationNumber: null,
      region: 'astana',
      categoryCode: 'employer_pressure',
      status: 'draft',
    });
    // Pre-filled from the finding.
    expect(complaint?.text).toContain(f.title);
    expect(complaint?.text).toContain('Екі мұғалім');

    // The lawyers work it like any complaint: filed, and printed with the finding as its subject.
    const filedOn = localDate(new Date());
    const filed = await as.lawyer!({
      method: 'PATCH',
      url: `/api/complaints/${complaintId}`,
      payload: { status: 'filed', filedOn },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    const { rule, dueDate } = complaintDeadline(filedOn, votingDate);
    expect(filed.json()).toMatchObject({ status: 'filed', findingId: f.id, deadline: { rule, dueDate } });
    const print = await as.lawyer!({ method: 'GET', url: `/api/complaints/${complaintId}/print.html?lang=ru` });
    expect(print.statusCode, print.body).toBe(200);
    expect(print.body).toContain(f.title);
    expect(print.body).toContain('долгосрочный наблюдатель');
    const kk = await as.lawyer!({ method: 'GET', url: `/api/complaints/${complaintId}/print.html?lang=kk` });
    expect(kk.body).toContain('ұзақ мерзімді бақылаушы');
  });

  it('lets the legal team refer too, with their own text; refuses an unverified finding (409) and an observer (403)', async () => {
    const f = await verified('lto');
    expect(
      (await as.lto!({ method: 'POST', url: `/api/findings/${f.id}/refer`, payload: referBody(f) })).statusCode,
    ).toBe(403);
    const complaintId = randomUUID();
    const res = await as.lawyer!({
      method: 'POST',
      url: `/api/findings/${f.id}/refer`,
      payload: referBody(f, complaintId, randomUUID(), 'Заңгердің мәтіні'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await t.app.db
      .selectFrom('complaints')
      .select(['text', 'finding_id', 'violation_id', 'created_by'])
      .where('id', '=', complaintId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ text: 'Заңгердің мәтіні', finding_id: f.id, violation_id: null });

    const fresh = await create('lto');
    const before = await count('complaints');
    const early = await as.hq!({ method: 'POST', url: `/api/findings/${fresh.id}/refer`, payload: referBody(fresh) });
    expect(early.statusCode, early.body).toBe(409);
    // The legal team does not see unreviewed findings at all.
    expect(
      (await as.lawyer!({ method: 'POST', url: `/api/findings/${fresh.id}/refer`, payload: referBody(fresh) }))
        .statusCode,
    ).toBe(403);
    expect(await count('complaints')).toBe(before);
  });
});

describe('findings:changed', () => {
  it("reaches the region's coordinator after a create, and not another region's", async () => {
    const astana = await openSocket(t.app, url, 'astana-coordinator');
    const almaty = await openSocket(t.app, url, 'almaty-coordinator');
    sockets.push(astana, almaty);
    const elsewhere: unknown[] = [];
    almaty.on('findings:changed', (payload: unknown) => elsewhere.push(payload));
    const received = new Promise<unknown>((resolve) => astana.once('findings:changed', resolve));
    const f = await create('lto');
    const payload = FindingsChanged.parse(await received);
    expect(payload.items).toEqual([{ id: f.id, region: 'astana', status: 'new' }]);
    // Give a stray push time to arrive before saying none came.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(elsewhere).toEqual([]);
  });
});

const evidenceStatus = async (who: string, id: string) =>
  (await as[who]!({ method: 'GET', url: `/api/evidence/${id}` })).statusCode;

function merge(who: string, into: Finding, duplicate: Finding) {
  return as[who]!({
    method: 'POST',
    url: `/api/findings/${into.id}/merge`,
    payload: { changeId: randomUUID(), version: into.version, duplicateId: duplicate.id },
  });
}

describe("a finding's files follow the finding", () => {
  it('are read by whoever may read the finding (its target when merged), and by nobody else', async () => {
    const f = await create('lto');
    const own = await uploadPhoto('lto', f.id);
    // Unreviewed: the legal team and the region's other observers do not see it, nor its files.
    expect(await evidenceStatus('lawyer', own.id)).toBe(403);
    expect(await evidenceStatus('lto-astana-2', own.id)).toBe(403);
    expect(await evidenceStatus('almaty-coordinator', own.id)).toBe(403);
    expect(await evidenceStatus('astana-coordinator', own.id)).toBe(200);

    const verifiedRes = await review('astana-coordinator', f, 'verify');
    expect(verifiedRes.statusCode, verifiedRes.body).toBe(200);
    const added = await uploadPhoto('astana-coordinator', f.id);
    expect(added.status).toBe(201);
    for (const who of ['lawyer', 'lto-astana-2', 'lto', 'hq']) {
      expect(await evidenceStatus(who, own.id), who).toBe(200);
      expect(await evidenceStatus(who, added.id), who).toBe(200);
    }
    expect(await evidenceStatus('lto-almaty', own.id)).toBe(403);
    expect(await evidenceStatus('observer', own.id)).toBe(403);

    // A new duplicate folded into the verified finding: its files are read as that finding's.
    const dup = await create('lto-astana-2');
    const dupPhoto = await uploadPhoto('lto-astana-2', dup.id);
    expect(await evidenceStatus('lawyer', dupPhoto.id)).toBe(403);
    const merged = await merge('astana-coordinator', Finding.parse(verifiedRes.json()), dup);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await evidenceStatus('lawyer', dupPhoto.id)).toBe(200);
    expect(await evidenceStatus('lto', dupPhoto.id)).toBe(200);
  });

  it('move with the finding: an edit to another region and station, and a merge into another region', async () => {
    const placeOf = (id: string) =>
      t.app.db
        .selectFrom('evidence')
        .select(['region_code', 'station_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const f = await create('lto', { stationId: astanaStation.id });
    const photo = await uploadPhoto('lto', f.id);
    expect(await placeOf(photo.id)).toEqual({ region_code: 'astana', station_id: astanaStation.id });
    const moved = await edit('hq', f, { region: 'almaty-city', stationId: almatyStation.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await placeOf(photo.id)).toEqual({ region_code: 'almaty-city', station_id: almatyStation.id });

    const target = await create('lto-almaty', { region: 'almaty-city', locality: 'Алматы' });
    const dup = await create('lto-astana-2');
    const dupPhoto = await uploadPhoto('lto-astana-2', dup.id);
    const res = await merge('hq', target, dup);
    expect(res.statusCode, res.body).toBe(200);
    expect(await placeOf(dupPhoto.id)).toEqual({ region_code: 'almaty-city', station_id: null });
  });

  it('are added by the author only while the finding is open to edits; by coordinators at any stage, never to a merged one', async () => {
    const f = await verified('lto');
    expect((await uploadPhoto('lto', f.id)).status).toBe(409);
    expect((await uploadPhoto('astana-coordinator', f.id)).status).toBe(201);
    expect((await uploadPhoto('hq', f.id)).status).toBe(201);
    const rejected = await create('lto');
    expect((await review('astana-coordinator', rejected, 'reject', 'Дерек жоқ')).statusCode).toBe(200);
    expect((await uploadPhoto('lto', rejected.id)).status).toBe(201);

    const dup = await create('lto');
    expect((await merge('astana-coordinator', f, dup)).statusCode).toBe(200);
    expect((await uploadPhoto('lto', dup.id)).status).toBe(409);
    expect((await uploadPhoto('hq', dup.id)).status).toBe(409);
  });

  it('are counted once, complete ones only, alike on the list and on the page', async () => {
    const f = await create('lto');
    const photo = await uploadPhoto('lto', f.id, 200);
    expect(photo.upload).toMatchObject({ state: 'uploading', offset: 200 });
    const listed = async () => {
      const res = await as.lto!({
        method: 'GET',
        url: `/api/findings?pageSize=200&q=${encodeURIComponent('мұғалім')}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return FindingList.parse(res.json()).items.find((i) => i.id === f.id)?.evidenceCount;
    };
    expect((await get('lto', f.id)).evidenceCount).toBe(0);
    expect(await listed()).toBe(0);
    expect((await sendBytes('lto', photo.id, photo.bytes.subarray(200), 200)).state).toBe('complete');
    expect((await get('lto', f.id)).evidenceCount).toBe(1);
    expect(await listed()).toBe(1);
  });
});

describe('reopening a closed finding', () => {
  it('takes a referred one back to referred, and a finding is referred once', async () => {
    expect(reviewedStatus('closed', 'reopen', true)).toBe('referred');
    expect(reviewedStatus('closed', 'reopen', false)).toBe('verified');
    const f = await verified('lto');
    const referBody = (g: Finding) => ({
      changeId: randomUUID(),
      version: g.version,
      complaint: { id: randomUUID(), addresseeKind: 'prosecutor', addressee: 'Астана қаласының прокуратурасы' },
    });
    const referred = await as.lawyer!({ method: 'POST', url: `/api/findings/${f.id}/refer`, payload: referBody(f) });
    expect(referred.statusCode, referred.body).toBe(200);
    const closed = await review('astana-coordinator', Finding.parse(referred.json()), 'close');
    expect(closed.statusCode, closed.body).toBe(200);
    const reopened = await review('astana-coordinator', Finding.parse(closed.json()), 'reopen');
    expect(reopened.statusCode, reopened.body).toBe(200);
    const page = Finding.parse(reopened.json());
    expect(page.status).toBe('referred');
    expect(page.may.refer).toBe(false);

    // One reopened as verified before this rule: still refused a second complaint.
    await t.app.db.updateTable('findings').set({ status: 'verified' }).where('id', '=', f.id).execute();
    const again = await get('lawyer', f.id);
    const before = await count('complaints');
    const second = await as.lawyer!({ method: 'POST', url: `/api/findings/${f.id}/refer`, payload: referBody(again) });
    expect(second.statusCode, second.body).toBe(409);
    expect(await count('complaints')).toBe(before);
  });
});

describe('findings:changed rooms', () => {
  it('tell the legal team and the region’s other observers of a finding once verified; its author at once', async () => {
    const heard: Record<string, FindingsChanged['items']> = {};
    for (const who of ['lawyer', 'lto-astana-2', 'lto', 'hq', 'astana-coordinator']) {
      const socket = await openSocket(t.app, url, who);
      sockets.push(socket);
      heard[who] = [];
      socket.on('findings:changed', (payload: unknown) => heard[who]!.push(...FindingsChanged.parse(payload).items));
    }
    const of = (who: string, id: string) => heard[who]!.filter((i) => i.id === id);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    const f = await create('lto');
    await until(() => of('lto', f.id).length > 0 && of('hq', f.id).length > 0);
    await settle();
    expect(of('lto', f.id)).toEqual([{ id: f.id, region: 'astana', status: 'new' }]);
    expect(of('hq', f.id)).toEqual([{ id: f.id, region: 'astana', status: 'new' }]);
    expect(of('astana-coordinator', f.id)).toEqual([{ id: f.id, region: 'astana', status: 'new' }]);
    expect(of('lawyer', f.id)).toEqual([]);
    expect(of('lto-astana-2', f.id)).toEqual([]);

    expect((await review('astana-coordinator', f, 'verify')).statusCode).toBe(200);
    await until(() => of('lawyer', f.id).length > 0 && of('lto-astana-2', f.id).length > 0);
    await settle();
    const verifiedItem = { id: f.id, region: 'astana', status: 'verified' };
    expect(of('lawyer', f.id)).toEqual([verifiedItem]);
    expect(of('lto-astana-2', f.id)).toEqual([verifiedItem]);
    // Once each, though the author is in their region's room and their own.
    expect(of('lto', f.id)).toHaveLength(2);

    // Moved to another region: its old region's coordinators hear of it too.
    const g = await create('lto');
    const moved = await edit('hq', g, { region: 'almaty-city' });
    expect(moved.statusCode, moved.body).toBe(200);
    await until(() => of('astana-coordinator', g.id).length > 1);
    expect(of('astana-coordinator', g.id).at(-1)).toMatchObject({ id: g.id, region: 'astana' });
    expect(of('lto-astana-2', g.id)).toEqual([]);
  });
});

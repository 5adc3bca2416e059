import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint, ComplaintList, complaintDeadline } from '../../shared/complaints.ts';
import type { StationLive } from '../../shared/reports.ts';
import type { Act, ViolationStatus } from '../../shared/violations.ts';
import { asUser, login } from '../support/auth.ts';
import { openSocket } from '../support/sockets.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let url: string;
let evidenceDir: string;
let votingDate: string;
let lawyer: ReturnType<typeof asUser>;
const sockets: Socket[] = [];

interface StationRef {
  id: number;
  number: number;
  region: string;
  observerId: number;
}
let own: StationRef; // the `observer` login's station (number 1)
let almaty: StationRef;
let astana: StationRef;

const CATEGORY = 'test.booth_crowded';
const SHA = 'a3f1c2d4e5b6978812345678abcdef0123456789abcdef0123456789abcdef01';

async function stationWhere(filter: { number?: number; region?: string }): Promise<StationRef> {
  let query = t.app.db
    .selectFrom('stations as s')
    .innerJoin('assignments as a', 'a.station_id', 's.id')
    .select(['s.id', 's.number', 's.region_code', 'a.person_id'])
    .where('a.kind', '=', 'primary')
    .where('a.ended_at', 'is', null);
  if (filter.number !== undefined) query = query.where('s.number', '=', filter.number);
  if (filter.region) query = query.where('s.region_code', '=', filter.region);
  const row = await query.orderBy('s.number').executeTakeFirstOrThrow();
  return { id: row.id, number: row.number, region: row.region_code, observerId: row.person_id };
}

beforeAll(async () => {
  evidenceDir = mkdtempSync(join(tmpdir(), 'baqylau-complaints-'));
  t = await createTestApp({ EVIDENCE_DIR: evidenceDir, BROADCAST_INTERVAL_MS: '20', SILENCE_CHECK_SECONDS: '0' });
  url = await t.listen();
  votingDate = (
    await t.app.db.selectFrom('elections').select('voting_date').where('is_active', '=', true).executeTakeFirstOrThrow()
  ).voting_date;
  await t.app.db
    .insertInto('violation_categories')
    .values({
      code: CATEGORY,
      phase: 'voting',
      article: 'Art. 42',
      severity: 'serious',
      title_kk: 'Кабинада бірнеше адам',
      title_ru: 'В кабине несколько человек',
      title_en: 'More than one person in a booth',
      hint_kk: '-',
      hint_ru: '-',
      hint_en: '-',
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  own = await stationWhere({ number: 1 });
  almaty = await stationWhere({ region: 'almaty-city' });
  astana = await stationWhere({ region: 'astana' });
  lawyer = asUser(t.app, (await login(t.app, 'lawyer')).token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
  rmSync(evidenceDir, { recursive: true, force: true });
});

const as = async (username: string) => asUser(t.app, (await login(t.app, username)).token);

/** A violation written straight into the tables, as the observer's flow would leave it. */
async function insertViolation(
  station: StationRef,
  overrides: { status?: ViolationStatus; description?: string; act?: Act | null; chairAnswer?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const electionId = (
    await t.app.db.selectFrom('stations').select('election_id').where('id', '=', station.id).executeTakeFirstOrThrow()
  ).election_id;
  await t.app.db
    .insertInto('violations')
    .values({
      id,
      election_id: electionId,
      station_id: station.id,
      region_code: station.region,
      category_code: CATEGORY,
      severity: 'serious',
      status: overrides.status ?? 'act_filed',
      observed_at: new Date(Date.parse(`${votingDate}T05:40:00Z`)),
      description: overrides.description ?? 'Two people went into booth 3 together.',
      involved: ['voter', 'chair'],
      chair_notified: true,
      chair_answer: overrides.chairAnswer ?? 'They are family, it is allowed.',
      act: overrides.act === undefined ? null : overrides.act === null ? null : JSON.stringify(overrides.act),
      reporter_id: station.observerId,
      seq: sql<number>`nextval('change_seq')`,
    })
    .execute();
  return id;
}

async function insertEvidence(violationId: string, station: StationRef, sha256: string | null, complete = true) {
  await t.app.db
    .insertInto('evidence')
    .values({
      id: randomUUID(),
      violation_id: violationId,
      station_id: station.id,
      region_code: station.region,
      purpose: 'evidence',
      uploader_id: station.observerId,
      state: complete ? 'complete' : 'uploading',
      size: 2_345_678,
      received_bytes: complete ? 2_345_678 : 1000,
      kind: 'photo',
      mime: 'image/jpeg',
      sha256,
      storage_key: `test/${randomUUID()}`,
      captured_at: new Date(Date.parse(`${votingDate}T05:41:00Z`)),
    })
    .execute();
}

const newComplaint = (violationId: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  violationId,
  addresseeKind: 'court',
  addressee: 'Алматы қаласының Алмалы аудандық соты',
  text: 'The chair let two voters into one booth.',
  ...extra,
});

const countOf = async (table: 'complaints' | 'violation_changes', violationId: string) =>
  Number(
    (
      await t.app.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('violation_id', '=', violationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

async function open(username: string): Promise<Socket> {
  const socket = await openSocket(t.app, url, username);
  sockets.push(socket);
  return socket;
}

describe('POST /api/complaints', () => {
  it('lets the lawyer open a complaint (201) that hands the violation to the legal team; a resend creates nothing', async () => {
    const violationId = await insertViolation(almaty);
    const body = newComplaint(violationId);
    const res = await lawyer({ method: 'POST', url: '/api/complaints', payload: body });
    expect(res.statusCode).toBe(201);
    const created = Complaint.parse(res.json());
    expect(created).toMatchObject({
      id: body.id,
      violationId,
      stationNumber: almaty.number,
      region: 'almaty-city',
      categoryCode: CATEGORY,
      status: 'draft',
      filedOn: null,
      deadline: null,
      msLeft: null,
      createdBy: { name: 'Самат Бекенов' },
    });
    const violation = await t.app.db
      .selectFrom('violations')
      .select('status')
      .where('id', '=', violationId)
      .executeTakeFirstOrThrow();
    expect(violation.status).toBe('with_legal');
    const change = await t.app.db
      .selectFrom('violation_changes')
      .selectAll()
      .where('violation_id', '=', violationId)
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({
      kind: 'with_legal',
      body: { complaintId: body.id },
      person_id: created.createdBy.id,
    });
    expect(change.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'complaint')
      .where('entity_id', '=', body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['complaint.create']);

    const again = await lawyer({ method: 'POST', url: '/api/complaints', payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(created);
    expect(await countOf('complaints', violationId)).toBe(1);
    expect(await countOf('violation_changes', violationId)).toBe(1);

    const elsewhere = await lawyer({
      method: 'POST',
      url: '/api/complaints',
      payload: { ...body, violationId: await insertViolation(almaty) },
    });
    expect(elsewhere.statusCode).toBe(409);
  });

  it('recounts the station when a corrected violation goes to the lawyers, and pushes it to the map', async () => {
    const violationId = await insertViolation(astana, { status: 'corrected' });
    const hq = await open('hq');
    const pushed: StationLive[] = [];
    hq.on('stations:changed', (m: { items: StationLive[] }) => pushed.push(...m.items));
    const res = await lawyer({ method: 'POST', url: '/api/complaints', payload: newComplaint(violationId) });
    expect(res.statusCode).toBe(201);
    const status = await t.app.db
      .selectFrom('station_status')
      .select('open_violations')
      .where('station_id', '=', astana.id)
      .executeTakeFirstOrThrow();
    expect(status.open_violations).toBe(1);
    await expect.poll(() => pushed.find((s) => s.stationId === astana.id)?.openViolations, { timeout: 5000 }).toBe(1);
  });

  it('refuses observers and correspondents (403), unknown violations (404) and a filed complaint with no date (400)', async () => {
    const violationId = await insertViolation(own);
    for (const who of ['observer', 'correspondent', 'almaty-coordinator']) {
      const res = await (await as(who))({ method: 'POST', url: '/api/complaints', payload: newComplaint(violationId) });
      expect(res.statusCode, who).toBe(403);
    }
    const missing = await lawyer({ method: 'POST', url: '/api/complaints', payload: newComplaint(randomUUID()) });
    expect(missing.statusCode).toBe(404);
    const undated = await lawyer({
      method: 'POST',
      url: '/api/complaints',
      payload: newComplaint(violationId, { status: 'filed' }),
    });
    expect(undated.statusCode).toBe(400);
    expect(undated.json().error.details).toEqual([expect.objectContaining({ path: 'filedOn' })]);
    expect(await countOf('complaints', violationId)).toBe(0);
    const status = await t.app.db
      .selectFrom('violations')
      .select('status')
      .where('id', '=', violationId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('act_filed');
  });
});

describe('PATCH /api/complaints/:id', () => {
  it('files with a date (deadline and countdown), insists on the answer, refuses impossible moves, audits', async () => {
    const violationId = await insertViolation(almaty);
    const body = newComplaint(violationId);
    expect((await lawyer({ method: 'POST', url: '/api/complaints', payload: body })).statusCode).toBe(201);
    const patch = (payload: Record<string, unknown>) =>
      lawyer({ method: 'PATCH', url: `/api/complaints/${body.id}`, payload });

    const undated = await patch({ status: 'filed' });
    expect(undated.statusCode).toBe(400);
    expect((await patch({ status: 'answered', filedOn: votingDate })).statusCode).toBe(409);

    const filed = await patch({ status: 'filed', filedOn: votingDate });
    expect(filed.statusCode).toBe(200);
    const complaint = Complaint.parse(filed.json());
    const expected = complaintDeadline(votingDate, votingDate);
    expect(complaint).toMatchObject({ status: 'filed', filedOn: votingDate, deadline: expected, text: body.text });
    expect(Math.abs(complaint.msLeft! - (Date.parse(expected.dueAt) - Date.now()))).toBeLessThan(10_000);

    expect((await patch({ status: 'rejected' })).statusCode).toBe(400);
    expect((await patch({ status: 'rejected', answer: 'No grounds.' })).statusCode).toBe(400);
    const rejected = await patch({ status: 'rejected', answer: 'No grounds.', answeredOn: votingDate });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', answer: 'No grounds.', msLeft: null });
    const appealed = await patch({ status: 'appealed' });
    expect(appealed.json()).toMatchObject({ status: 'appealed', deadline: expected });

    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'complaint.create',
      'complaint.update',
      'complaint.update',
      'complaint.update',
    ]);
    expect(audit[1]).toMatchObject({ before: { status: 'draft' }, after: { status: 'filed', filedOn: votingDate } });
    expect(
      (await lawyer({ method: 'PATCH', url: `/api/complaints/${randomUUID()}`, payload: { text: 'x' } })).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/complaints/deadlines', () => {
  let overdueId: string;
  let todayId: string;
  let draftId: string;

  beforeAll(async () => {
    const daysBefore = (n: number) =>
      new Date(Date.parse(`${votingDate}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const make = async (station: StationRef, extra: Record<string, unknown>) => {
      const body = newComplaint(await insertViolation(station), extra);
      const res = await lawyer({ method: 'POST', url: '/api/complaints', payload: body });
      expect(res.statusCode).toBe(201);
      return body.id;
    };
    todayId = await make(almaty, { status: 'filed', filedOn: votingDate });
    overdueId = await make(astana, { status: 'filed', filedOn: daysBefore(20) });
    draftId = await make(almaty, {});
  });

  it('lists complaints awaiting an answer by time left, overdue first; all=true adds the rest, drafts last', async () => {
    const res = await lawyer({ method: 'GET', url: '/api/complaints/deadlines' });
    expect(res.statusCode).toBe(200);
    const items = ComplaintList.parse(res.json()).items;
    const ids = items.map((c) => c.id);
    expect(ids.indexOf(overdueId)).toBeLessThan(ids.indexOf(todayId));
    expect(ids).not.toContain(draftId);
    expect(items.every((c) => c.status === 'filed' || c.status === 'appealed')).toBe(true);
    const overdue = items.find((c) => c.id === overdueId)!;
    expect(overdue.deadline!.rule).toBe('five_days');
    expect(overdue.msLeft!).toBeLessThan(0);
    expect(items.find((c) => c.id === todayId)!.deadline).toMatchObject({ rule: 'immediately', dueDate: votingDate });
    const msLeft = items.map((c) => c.msLeft!);
    expect(msLeft).toEqual([...msLeft].sort((a, b) => a - b));

    const all = ComplaintList.parse(
      (await lawyer({ method: 'GET', url: '/api/complaints/deadlines?all=true' })).json(),
    ).items;
    expect(all.map((c) => c.id)).toContain(draftId);
    expect(all.at(-1)!.msLeft).toBeNull();
    expect(all.findIndex((c) => c.msLeft === null)).toBeGreaterThan(all.findIndex((c) => c.id === todayId));
  });

  it("shows a regional coordinator only their region's complaints and refuses another region", async () => {
    const coordinator = await as('almaty-coordinator');
    const res = await coordinator({ method: 'GET', url: '/api/complaints/deadlines?all=true' });
    expect(res.statusCode).toBe(200);
    const items = ComplaintList.parse(res.json()).items;
    expect(items.map((c) => c.id)).toEqual(expect.arrayContaining([todayId, draftId]));
    expect(items.map((c) => c.id)).not.toContain(overdueId);
    expect(new Set(items.map((c) => c.region))).toEqual(new Set(['almaty-city']));
    expect((await coordinator({ method: 'GET', url: '/api/complaints/deadlines?region=astana' })).statusCode).toBe(403);
    expect((await coordinator({ method: 'GET', url: `/api/complaints/${overdueId}/print.html` })).statusCode).toBe(403);
    const astanaViolation = (await t.app.db
      .selectFrom('complaints')
      .select('violation_id')
      .where('id', '=', overdueId)
      .executeTakeFirstOrThrow())!.violation_id;
    expect(
      (await coordinator({ method: 'GET', url: `/api/complaints?violationId=${astanaViolation}` })).statusCode,
    ).toBe(403);
    // HQ narrows by region on request.
    const astanaOnly = ComplaintList.parse(
      (await lawyer({ method: 'GET', url: '/api/complaints/deadlines?region=astana' })).json(),
    ).items;
    expect(astanaOnly.map((c) => c.id)).toContain(overdueId);
    expect(astanaOnly.every((c) => c.region === 'astana')).toBe(true);
    // Observers and correspondents have no complaints to see.
    expect((await (await as('observer'))({ method: 'GET', url: '/api/complaints/deadlines' })).statusCode).toBe(403);
  });

  it("lists one violation's complaints", async () => {
    const violationId = (await t.app.db
      .selectFrom('complaints')
      .select('violation_id')
      .where('id', '=', todayId)
      .executeTakeFirstOrThrow())!.violation_id;
    const res = await lawyer({ method: 'GET', url: `/api/complaints?violationId=${violationId}` });
    expect(ComplaintList.parse(res.json()).items.map((c) => c.id)).toEqual([todayId]);
  });
});

describe('printable act and complaint', () => {
  const refusedAct: Act = {
    text: 'Председатель допустил двух избирателей в одну кабину.',
    copies: ['observer', 'commission', 'organisation'],
    coSigners: [{ name: 'Дана Ахметова', role: 'proxy' }],
    chairSignature: 'refused',
    secretarySignature: 'signed',
    refusalNote: 'Не буду ничего подписывать',
  };

  it('prints the act in Kazakh and Russian: station, article, the refusal, evidence hashes; escapes what was typed', async () => {
    const violationId = await insertViolation(own, {
      act: refusedAct,
      description: 'Voters <script>alert(1)</script> & "friends"',
    });
    await insertEvidence(violationId, own, SHA);
    await insertEvidence(violationId, own, null, false);
    const expected = {
      kk: ['Заң бұзушылық туралы АКТ', '42-бабы', 'ҚОЛ ҚОЮДАН БАС ТАРТТЫ', 'қол қойды', 'Басып шығару'],
      ru: ['АКТ', 'ст. 42', 'ОТКАЗАЛСЯ(АСЬ) ПОДПИСАТЬ', 'подписал(а)', 'Печать'],
    };
    for (const lang of ['kk', 'ru'] as const) {
      const res = await lawyer({ method: 'GET', url: `/api/violations/${violationId}/act.html?lang=${lang}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const page = res.body;
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(`№ ${own.number}`);
      for (const text of expected[lang]) expect(page, text).toContain(text);
      expect(page).toContain('Не буду ничего подписывать');
      expect(page).toContain('Дана Ахметова');
      expect(page).toContain(SHA);
      // Only the finished upload is listed.
      expect(page.match(/class="hash"/g)).toHaveLength(1);
      expect(page).toContain('Voters &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;');
      expect(page).not.toContain('<script>alert');
      expect(page).toContain('@page { size: A4; margin: 18mm; }');
      expect(page).toContain('onclick="print()"');
      expect(page).not.toMatch(/\b(src|href)=/);
    }
    const defaultLang = await lawyer({ method: 'GET', url: `/api/violations/${violationId}/act.html` });
    expect(defaultLang.body).toContain('<html lang="kk">');
  });

  it("lets the station's observer print their act; not another station's, nor a correspondent", async () => {
    const violationId = await insertViolation(own);
    const observer = await as('observer');
    expect((await observer({ method: 'GET', url: `/api/violations/${violationId}/act.html?lang=ru` })).statusCode).toBe(
      200,
    );
    const elsewhere = await insertViolation(astana);
    expect((await observer({ method: 'GET', url: `/api/violations/${elsewhere}/act.html` })).statusCode).toBe(403);
    const correspondent = await as('correspondent');
    expect((await correspondent({ method: 'GET', url: `/api/violations/${violationId}/act.html` })).statusCode).toBe(
      403,
    );
    expect((await observer({ method: 'GET', url: `/api/violations/${randomUUID()}/act.html` })).statusCode).toBe(404);
    const coordinator = await as('almaty-coordinator');
    expect((await coordinator({ method: 'GET', url: `/api/violations/${elsewhere}/act.html` })).statusCode).toBe(403);
  });

  it('prints the complaint with its addressee, the facts, the deadline rule and due date, and the evidence', async () => {
    const violationId = await insertViolation(almaty, { act: refusedAct, chairAnswer: 'Ничего <b>не</b> было' });
    await insertEvidence(violationId, almaty, SHA);
    const body = newComplaint(violationId, {
      addresseeKind: 'prosecutor',
      addressee: 'Прокуратура Алмалинского района',
      status: 'filed',
      filedOn: votingDate,
    });
    expect((await lawyer({ method: 'POST', url: '/api/complaints', payload: body })).statusCode).toBe(201);
    const due = votingDate.split('-').reverse().join('.');
    const ru = await lawyer({ method: 'GET', url: `/api/complaints/${body.id}/print.html?lang=ru` });
    expect(ru.statusCode).toBe(200);
    expect(ru.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const text of [
      'ЖАЛОБА',
      'Прокуратура Алмалинского района',
      `№ ${almaty.number}`,
      'ст. 42',
      'незамедлительно',
      `не позднее ${due}`,
      SHA,
      'Ничего &lt;b&gt;не&lt;/b&gt; было',
      'onclick="print()"',
    ])
      expect(ru.body, text).toContain(text);
    const kk = await lawyer({ method: 'GET', url: `/api/complaints/${body.id}/print.html?lang=kk` });
    for (const text of ['ШАҒЫМ', 'Прокуратура Алмалинского района', 'дереу', due, '42-бабы', SHA])
      expect(kk.body, text).toContain(text);
    expect((await lawyer({ method: 'GET', url: `/api/complaints/${randomUUID()}/print.html` })).statusCode).toBe(404);
    expect(
      (await (await as('correspondent'))({ method: 'GET', url: `/api/complaints/${body.id}/print.html` })).statusCode,
    ).toBe(403);
  });
});

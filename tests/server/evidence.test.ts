import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceRecord, EvidenceUpload, type EvidenceCreate } from '../../shared/evidence.ts';
import { EvidenceUploads } from '../../server/evidence/evidence-uploads.ts';
import { LocalEvidenceStorage } from '../../server/evidence/storage.ts';
import { login } from '../support/auth.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let base: string;
let evidenceDir: string;
let electionId: number;
/** The uploader, observer of an Almaty station, and an observer of another Almaty station. */
let uploader: { username: string; id: number; stationId: number };
let otherObserver: string;
const tokens = new Map<string, string>();

// Small limits keep the files small: a photo up to 51.2 KiB, a video up to 204.8 KiB.
const PHOTO_MAX = Math.round(0.05 * 1024 * 1024);
const VIDEO_MAX = Math.round(0.2 * 1024 * 1024);

beforeAll(async () => {
  evidenceDir = mkdtempSync(join(tmpdir(), 'baqylau-evidence-'));
  t = await createTestApp({ EVIDENCE_DIR: evidenceDir, EVIDENCE_MAX_PHOTO_MB: '0.05', EVIDENCE_MAX_VIDEO_MB: '0.2' });
  base = await t.listen();
  const db = t.app.db;
  electionId = (await db.selectFrom('elections').select('id').where('is_active', '=', true).executeTakeFirstOrThrow())
    .id;
  const observers = await db
    .selectFrom('assignments as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .innerJoin('stations as s', 's.id', 'a.station_id')
    .select(['p.username', 'p.id', 'a.station_id'])
    .where('a.election_id', '=', electionId)
    .where('a.ended_at', 'is', null)
    .where('a.kind', '=', 'primary')
    .where('s.region_code', '=', 'almaty-city')
    .where('p.username', 'like', 'obs-%')
    .orderBy('s.number')
    .limit(2)
    .execute();
  uploader = { username: observers[0]!.username!, id: observers[0]!.id, stationId: observers[0]!.station_id };
  otherObserver = observers[1]!.username!;
  // The category catalogue is loaded elsewhere; this test brings its own ground.
  await db
    .insertInto('violation_categories')
    .values({
      code: 'test-evidence',
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
});
afterAll(async () => {
  await t?.close();
  rmSync(evidenceDir, { recursive: true, force: true });
});

async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, (await login(t.app, username)).token);
  return tokens.get(username)!;
}

/** A violation at the uploader's station, written straight to the table. */
async function createViolation(stationId = uploader.stationId): Promise<string> {
  const station = await t.app.db
    .selectFrom('stations')
    .select('region_code')
    .where('id', '=', stationId)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await t.app.db
    .insertInto('violations')
    .values({
      id,
      election_id: electionId,
      station_id: stationId,
      region_code: station.region_code,
      category_code: 'test-evidence',
      severity: 'minor',
      status: 'reported',
      observed_at: new Date(),
      description: 'Two people in one booth',
      reporter_id: uploader.id,
      seq: sql<number>`nextval('change_seq')`,
    })
    .execute();
  return id;
}

async function api(username: string, method: string, path: string, body?: unknown, headers: HeadersInit = {}) {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${await tokenOf(username)}`, ...headers },
  };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  return fetch(`${base}${path}`, init);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pad = (head: string, size: number) => {
  const start = Buffer.from(head, 'hex');
  return Buffer.concat([start, randomBytes(size - start.length)]);
};
const jpeg = (size: number) => pad('ffd8ffe000104a46494600010100000100010000', size);
const png = (size: number) =>
  pad('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154', size);
/** A minimal MP4: an `ftyp` box, then filler. */
const mp4 = (size: number) => pad('00000018667479706d7034320000000069736f6d6d703432', size);

async function declare(username: string, violationId: string, size: number, extra: Partial<EvidenceCreate> = {}) {
  const id = randomUUID();
  const res = await api(username, 'POST', '/api/evidence', { id, violationId, size, ...extra });
  return { id, res };
}

function part(bytes: Buffer, fileName: string, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  return form;
}

const put = (username: string, id: string, offset: number, bytes: Buffer, fileName = 'part.bin') =>
  api(username, 'PUT', `/api/evidence/${id}/content?offset=${offset}`, part(bytes, fileName));

async function uploadState(id: string, username = uploader.username) {
  const res = await api(username, 'GET', `/api/evidence/${id}/upload`);
  expect(res.status).toBe(200);
  return EvidenceUpload.parse(await res.json());
}

/** Declares and uploads a whole file in `parts` parts; returns its id. */
async function upload(bytes: Buffer, fileName: string, parts = 1, extra: Partial<EvidenceCreate> = {}) {
  const violationId = await createViolation();
  const { id, res } = await declare(uploader.username, violationId, bytes.length, extra);
  expect(res.status).toBe(201);
  const step = Math.ceil(bytes.length / parts);
  let last: Response | null = null;
  for (let at = 0; at < bytes.length; at += step) {
    last = await put(uploader.username, id, at, bytes.subarray(at, at + step), fileName);
    expect(last.status, await last.clone().text()).toBe(200);
  }
  return { id, violationId, state: EvidenceUpload.parse(await last!.json()) };
}

/** A multipart body cut in three: the part's headers, then the file's bytes, then the closing boundary. */
function multipartFrame(fileName: string) {
  const boundary = `----baqylau${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { head, tail, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function auditCount(id: string, action: string, actorId?: number): Promise<number> {
  let query = t.app.db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('entity_type', '=', 'evidence')
    .where('entity_id', '=', id)
    .where('action', '=', action);
  if (actorId !== undefined) query = query.where('actor_id', '=', actorId);
  return (await query.executeTakeFirstOrThrow()).n;
}

async function personId(username: string): Promise<number> {
  return (await t.app.db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow())
    .id;
}

describe('evidence upload', () => {
  it('takes a photo in two parts: the SHA-256 is that of the bytes, which come back unchanged', async () => {
    const bytes = jpeg(30_000);
    const thumbnail = jpeg(2_000).toString('base64');
    const { id, violationId, state } = await upload(bytes, 'IMG_0001.jpg', 2, {
      capturedAt: '2026-11-23T10:15:00+05:00',
      position: { lat: 43.238, lng: 76.889, accuracy: 12 },
      thumbnail,
    });
    expect(state).toMatchObject({ id, size: 30_000, offset: 30_000, state: 'complete' });
    expect(state.evidence).toMatchObject({ kind: 'photo', mime: 'image/jpeg', sha256: sha256(bytes) });

    const record = await api(uploader.username, 'GET', `/api/evidence/${id}`);
    expect(record.status).toBe(200);
    expect(EvidenceRecord.parse(await record.json())).toMatchObject({
      violationId,
      stationId: uploader.stationId,
      region: 'almaty-city',
      sha256: sha256(bytes),
      capturedAt: '2026-11-23T05:15:00.000Z',
      position: { lat: 43.238, lng: 76.889, accuracy: 12 },
      uploader: { id: uploader.id },
      hasThumbnail: true,
    });

    const content = await api('hq', 'GET', `/api/evidence/${id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/jpeg');
    expect(content.headers.get('accept-ranges')).toBe('bytes');
    expect(content.headers.get('content-disposition')).toMatch(/^inline/);
    expect(sha256(Buffer.from(await content.arrayBuffer()))).toBe(sha256(bytes));
    const download = await api('hq', 'GET', `/api/evidence/${id}/content?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    await download.arrayBuffer();

    // The original is kept read-only under its hash, and the upload is in the audit log.
    const row = await t.app.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.storage_key).toBe(`${sha256(bytes).slice(0, 2)}/${id}`);
    expect(statSync(join(evidenceDir, row.storage_key)).mode & 0o222).toBe(0);
    expect(existsSync(join(evidenceDir, 'partial', id))).toBe(false);
    expect(await auditCount(id, 'evidence.upload', uploader.id)).toBe(1);
    expect(await auditCount(id, 'evidence.download', await personId('hq'))).toBe(1);

    const thumb = await api('lawyer', 'GET', `/api/evidence/${id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect(thumb.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await thumb.arrayBuffer()).toString('base64')).toBe(thumbnail);
    expect(await auditCount(id, 'evidence.thumbnail', await personId('lawyer'))).toBe(1);
  });

  it('answers a declaration sent again with the same upload, and a thumbnail-less file with 404 for its thumbnail', async () => {
    const violationId = await createViolation();
    const { id, res } = await declare(uploader.username, violationId, 5_000);
    expect(res.status).toBe(201);
    const again = await api(uploader.username, 'POST', '/api/evidence', { id, violationId, size: 5_000 });
    expect(again.status).toBe(200);
    expect(EvidenceUpload.parse(await again.json())).toMatchObject({
      id,
      offset: 0,
      state: 'uploading',
      limits: { photo: PHOTO_MAX, video: VIDEO_MAX },
      evidence: null,
    });
    const changed = await api(uploader.username, 'POST', '/api/evidence', { id, violationId, size: 6_000 });
    expect(changed.status).toBe(409);
    expect((await api(uploader.username, 'GET', `/api/evidence/${id}/thumbnail`)).status).toBe(404);
  });

  it('serves a byte range of a video with 206, and 416 for a range past the end', async () => {
    const bytes = mp4(150_000);
    const { id, state } = await upload(bytes, 'VID_0001.mp4', 3);
    expect(state.evidence).toMatchObject({ kind: 'video', mime: 'video/mp4', sha256: sha256(bytes) });
    const res = await api('almaty-coordinator', 'GET', `/api/evidence/${id}/content`, undefined, {
      range: 'bytes=1000-1999',
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-range')).toBe('bytes 1000-1999/150000');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const tail = await api('hq', 'GET', `/api/evidence/${id}/content`, undefined, { range: 'bytes=-500' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(149_500))).toBe(true);
    const outside = await api('hq', 'GET', `/api/evidence/${id}/content`, undefined, { range: 'bytes=200000-' });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */150000');
    const views = await t.app.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', id)
      .where('action', '=', 'evidence.view')
      .where('actor_id', '=', await personId('almaty-coordinator'))
      .execute();
    expect(views.map((v) => v.after)).toEqual([{ range: '1000-1999', sha256: sha256(bytes) }]);
  });

  it('knows a file by its bytes, not its name: a PNG called .jpg is a PNG, a web page called .mp4 is refused', async () => {
    const { state } = await upload(png(8_000), 'photo.jpg');
    expect(state.evidence).toMatchObject({ kind: 'photo', mime: 'image/png' });

    const violationId = await createViolation();
    const page = Buffer.from(`<!doctype html><html><body>${'x'.repeat(6_000)}</body></html>`);
    const { id } = await declare(uploader.username, violationId, page.length);
    const res = await put(uploader.username, id, 0, page, 'clip.mp4');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'validation_failed',
      message: 'The file is not a photo or video',
    });
    expect(existsSync(join(evidenceDir, 'partial', id))).toBe(false);
    expect(await uploadState(id)).toMatchObject({ offset: 0, state: 'uploading', evidence: null });
  });

  it('answers a broken multipart body with 400, keeping nothing', async () => {
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, 4_000);
    const path = `/api/evidence/${id}/content?offset=0`;
    for (const [contentType, body] of [
      ['multipart/form-data', 'no boundary at all'],
      ['multipart/form-data; boundary=abc', '--xyz\r\nnot the boundary\r\n'],
      [
        'multipart/form-data; boundary=abc',
        '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8',
      ],
    ] as const) {
      const res = await api(uploader.username, 'PUT', path, undefined, { 'content-type': contentType });
      const withBody = await fetch(`${base}${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await tokenOf(uploader.username)}`, 'content-type': contentType },
        body,
      });
      expect([res.status, withBody.status]).toEqual([400, 400]);
      expect((await withBody.json()).error.code).toMatch(/bad_request|validation_failed/);
    }
    expect(await uploadState(id)).toMatchObject({ offset: 0, state: 'uploading' });
  });

  it('refuses a declared size over the limit, a photo over the photo limit, and bytes past the declared size (413)', async () => {
    const violationId = await createViolation();
    const tooBig = await declare(uploader.username, violationId, VIDEO_MAX + 1);
    expect(tooBig.res.status).toBe(413);
    expect((await tooBig.res.json()).error.code).toBe('payload_too_large');
    expect(await t.app.db.selectFrom('evidence').select('id').where('id', '=', tooBig.id).executeTakeFirst()).toBe(
      undefined,
    );

    // Under the video limit but over the photo limit, and the bytes say it is a photo.
    const bigPhoto = jpeg(PHOTO_MAX + 10_000);
    const photo = await declare(uploader.username, violationId, bigPhoto.length);
    expect(photo.res.status).toBe(201);
    const refused = await put(uploader.username, photo.id, 0, bigPhoto);
    expect(refused.status).toBe(413);
    expect(await uploadState(photo.id)).toMatchObject({ offset: 0, evidence: null });

    const small = await declare(uploader.username, violationId, 5_000);
    const over = await put(uploader.username, small.id, 0, jpeg(9_000));
    expect(over.status).toBe(413);
    expect((await uploadState(small.id)).offset).toBeLessThanOrEqual(5_000);
  });

  it('answers 413 from the headers of a part too large, without waiting for its body', async () => {
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, 100_000);
    const frame = multipartFrame('huge.mp4');
    const token = await tokenOf(uploader.username);
    const req = httpRequest(`${base}/api/evidence/${id}/content?offset=0`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': frame.contentType,
        'content-length': String(50 * 1024 * 1024),
      },
    });
    req.on('error', () => {}); // the server closes the connection on us, as it should
    const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
    req.write(Buffer.concat([frame.head, mp4(1_000)]));
    const res = await response;
    // The response came while 50 MB were still unsent.
    expect(req.writableEnded).toBe(false);
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe('close');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString()).error.code).toBe('payload_too_large');
    req.destroy();
    expect((await uploadState(id)).offset).toBe(0);
  });

  it('continues an upload cut off at 80% from where it stopped, to the same SHA-256', async () => {
    const bytes = mp4(200_000);
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, bytes.length);
    const frame = multipartFrame('VID_0002.mp4');
    const cut = Math.floor(bytes.length * 0.8);
    const req = httpRequest(`${base}/api/evidence/${id}/content?offset=0`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await tokenOf(uploader.username)}`,
        'content-type': frame.contentType,
        'content-length': String(frame.head.length + bytes.length + frame.tail.length),
      },
    });
    req.on('error', () => {});
    await new Promise<void>((resolve) =>
      req.write(Buffer.concat([frame.head, bytes.subarray(0, cut)]), () => resolve()),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    req.destroy(); // the phone loses its connection

    let offset = -1;
    for (let i = 0; i < 50; i++) {
      const next = (await uploadState(id)).offset;
      if (next > 0 && next === offset) break;
      offset = next;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(cut);
    expect(statSync(join(evidenceDir, 'partial', id)).size).toBe(offset);

    const wrong = await put(uploader.username, id, 0, bytes);
    expect(wrong.status).toBe(409);
    expect((await wrong.json()).error.details).toEqual([{ path: 'offset', message: String(offset) }]);

    const rest = await put(uploader.username, id, offset, bytes.subarray(offset));
    expect(rest.status).toBe(200);
    const done = EvidenceUpload.parse(await rest.json());
    expect(done).toMatchObject({ state: 'complete', offset: bytes.length });
    expect(done.evidence?.sha256).toBe(sha256(bytes));
    const content = await api(uploader.username, 'GET', `/api/evidence/${id}/content`);
    expect(sha256(Buffer.from(await content.arrayBuffer()))).toBe(sha256(bytes));
  });

  it('takes one of two parts sent at once for the same offset and answers the other with 409', async () => {
    const bytes = jpeg(20_000);
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, bytes.length);
    const half = bytes.subarray(0, 10_000);
    const answers = await Promise.all([put(uploader.username, id, 0, half), put(uploader.username, id, 0, half)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await uploadState(id)).offset).toBe(10_000);
    const rest = await put(uploader.username, id, 10_000, bytes.subarray(10_000));
    expect(EvidenceUpload.parse(await rest.json()).evidence?.sha256).toBe(sha256(bytes));
  });

  it('rebuilds the running hash from storage after a restart', async () => {
    const bytes = jpeg(40_000);
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, bytes.length);
    expect((await put(uploader.username, id, 0, bytes.subarray(0, 25_000))).status).toBe(200);
    // A fresh instance has no hash in memory, as after a restart of the server.
    const restarted = new EvidenceUploads(
      t.app.db,
      new LocalEvidenceStorage(evidenceDir),
      { photo: PHOTO_MAX, video: VIDEO_MAX },
      async () => {},
    );
    const user = { id: uploader.id, name: uploader.username, role: 'station_observer' as const, regions: [] };
    const done = await restarted.receive(id, 25_000, async () => Readable.from([bytes.subarray(25_000)]), {
      user,
      ip: '127.0.0.1',
    });
    expect(done).toMatchObject({ state: 'complete', sha256: sha256(bytes), received_bytes: bytes.length });
  });

  it('lets only the uploader (or HQ) continue an upload, and only people at the station add evidence', async () => {
    const violationId = await createViolation();
    const { id } = await declare(uploader.username, violationId, 5_000);
    expect((await api(otherObserver, 'GET', `/api/evidence/${id}/upload`)).status).toBe(403);
    expect((await put('almaty-coordinator', id, 0, jpeg(5_000))).status).toBe(403);
    expect((await api('hq', 'GET', `/api/evidence/${id}/upload`)).status).toBe(200);
    expect((await declare(otherObserver, violationId, 5_000)).res.status).toBe(403);
    expect((await declare('south-coordinator', violationId, 5_000)).res.status).toBe(403);
    expect((await declare('almaty-coordinator', violationId, 5_000)).res.status).toBe(201);
    expect((await declare(uploader.username, randomUUID(), 5_000)).res.status).toBe(404);
    expect((await api('lawyer', 'POST', '/api/evidence', { id: randomUUID(), violationId, size: 10 })).status).toBe(
      403,
    );
  });
});

describe('evidence access', () => {
  it('shows evidence to HQ, the legal team, the region coordinator and the uploader only, logging each view', async () => {
    const bytes = jpeg(10_000);
    const { id } = await upload(bytes, 'IMG_0002.jpg', 1, { thumbnail: jpeg(1_000).toString('base64') });
    for (const username of [otherObserver, 'south-coordinator', 'correspondent']) {
      for (const path of ['', '/content', '/thumbnail']) {
        const res = await api(username, 'GET', `/api/evidence/${id}${path}`);
        expect(res.status, `${username} ${path}`).toBe(403);
      }
    }
    for (const username of [uploader.username, 'almaty-coordinator', 'lawyer', 'hq', 'coordinator']) {
      const before = await auditCount(id, 'evidence.view', await personId(username));
      const res = await api(username, 'GET', `/api/evidence/${id}`);
      expect(res.status, username).toBe(200);
      const content = await api(username, 'GET', `/api/evidence/${id}/content`);
      expect(content.status, username).toBe(200);
      expect(sha256(Buffer.from(await content.arrayBuffer()))).toBe(sha256(bytes));
      expect(await auditCount(id, 'evidence.view', await personId(username))).toBe(before + 2);
    }
    // Refused looks leave no trace of a view.
    expect(await auditCount(id, 'evidence.view', await personId('south-coordinator'))).toBe(0);
    expect((await api('hq', 'GET', `/api/evidence/${randomUUID()}`)).status).toBe(404);
  });

  it('does not serve a file that is still being uploaded', async () => {
    const violationId = await createViolation();
    const bytes = jpeg(20_000);
    const { id } = await declare(uploader.username, violationId, bytes.length);
    expect((await put(uploader.username, id, 0, bytes.subarray(0, 10_000))).status).toBe(200);
    expect((await api('hq', 'GET', `/api/evidence/${id}/content`)).status).toBe(409);
    const record = await api('hq', 'GET', `/api/evidence/${id}`);
    expect(EvidenceRecord.parse(await record.json())).toMatchObject({ state: 'uploading', receivedBytes: 10_000 });
    expect(readdirSync(join(evidenceDir, 'partial'))).toContain(id);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { EvidenceUpload } from '../../shared/evidence.ts';
import type { ProtocolFigures } from '../../shared/protocols.ts';
import type { ReportEnvelope } from '../../shared/reports.ts';
import { asUser } from './auth.ts';

/** The active election and its ballot's option ids in ballot order (the demo has six candidates). */
export async function demoBallot(db: Kysely<Database>): Promise<{ electionId: number; optionIds: number[] }> {
  const election = await db
    .selectFrom('elections')
    .select('id')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  const options = await db
    .selectFrom('ballot_options')
    .select('id')
    .where('election_id', '=', election.id)
    .orderBy('position')
    .execute();
  return { electionId: election.id, optionIds: options.map((o) => o.id) };
}

/**
 * Figures that pass every check: 1,000 voters, 500 ballots issued (20 outside, on 25 requests),
 * 510 cancelled, 478 in the fixed box and 20 in one portable box, 8 invalid, 490 valid votes
 * spread over the options (the first takes what is left). Override what the test is about.
 */
export function validFigures(optionIds: number[], overrides: Partial<ProtocolFigures> = {}): ProtocolFigures {
  const spread = optionIds.map((_, i) => (i === 0 ? 0 : Math.max(1, 40 - i * 5)));
  spread[0] = 490 - spread.reduce((a, b) => a + b, 0);
  return {
    registeredVoters: 1000,
    ballotsReceived: 1010,
    ballotsIssuedInside: 480,
    ballotsIssuedOutside: 20,
    outsideRequests: 25,
    ballotsCancelled: 510,
    fixedBoxBallots: 478,
    fixedBoxSealIntact: true,
    portableBoxes: [{ ballots: 20, sealIntact: true }],
    invalidBallots: 8,
    votes: optionIds.map((optionId, i) => ({ optionId, votes: spread[i]! })),
    signatures: { chair: true, secretary: true, members: 5 },
    photoEvidenceIds: [],
    ...overrides,
  };
}

/**
 * A portable box with more ballots than there were requests to vote outside (12 ballots, 5
 * requests): every other figure adds up.
 */
export function impossiblePortableBox(optionIds: number[]): ProtocolFigures {
  const base = validFigures(optionIds);
  return {
    ...base,
    ballotsIssuedInside: 488,
    ballotsIssuedOutside: 12,
    outsideRequests: 5,
    fixedBoxBallots: 486,
    portableBoxes: [{ ballots: 12, sealIntact: true }],
  };
}

/** An observer's protocol report for a station. */
export function protocolReport(
  station: { id: number; electionId: number },
  figures: ProtocolFigures,
  overrides: { ownTally?: number | null; note?: string; id?: string } = {},
): ReportEnvelope {
  return {
    id: overrides.id ?? randomUUID(),
    stationId: station.id,
    electionId: station.electionId,
    deviceTime: new Date().toISOString(),
    body: { kind: 'protocol', figures, ownTally: overrides.ownTally ?? null, note: overrides.note ?? '' },
  };
}

/** Sends a report through `POST /api/reports` with a session token; answers status and body. */
export async function sendReport(app: FastifyInstance, token: string, envelope: ReportEnvelope) {
  const res = await asUser(app, token)({ method: 'POST', url: '/api/reports', payload: envelope });
  return { status: res.statusCode, body: res.json() as unknown };
}

/** A small JPEG-looking file (the server looks at the first bytes only). */
export const jpegBytes = (size = 4_000) =>
  Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(size - 20)]);

/**
 * Declares and uploads a protocol photo for a station over real HTTP (multipart needs a listening
 * app). Answers the declaration's status, and the evidence id once complete.
 */
export async function uploadProtocolPhoto(
  baseUrl: string,
  token: string,
  stationId: number,
  bytes = jpegBytes(),
): Promise<{ status: number; id: string; upload: EvidenceUpload | null }> {
  const id = randomUUID();
  const headers = { authorization: `Bearer ${token}` };
  const declared = await fetch(`${baseUrl}/api/evidence`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ id, stationId, purpose: 'protocol_photo', size: bytes.length, fileName: 'protocol.jpg' }),
  });
  if (declared.status !== 201) return { status: declared.status, id, upload: null };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'protocol.jpg');
  const sent = await fetch(`${baseUrl}/api/evidence/${id}/content?offset=0`, { method: 'PUT', headers, body: form });
  if (sent.status !== 200) throw new Error(`upload failed: ${sent.status} ${await sent.text()}`);
  return { status: declared.status, id, upload: EvidenceUpload.parse(await sent.json()) };
}

/**
 * A second data-entry operator (`operator-2`, the demo password), for two operators asking for
 * work at once: only `data_entry` types protocols.
 */
export async function secondOperator(db: Kysely<Database>): Promise<string> {
  const username = 'operator-2';
  const first = await db
    .selectFrom('people')
    .select('password_hash')
    .where('username', '=', 'operator')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('people')
    .values({ name: 'Second operator', role: 'data_entry', username, phone: null, password_hash: first.password_hash })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  return username;
}

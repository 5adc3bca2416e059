import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { AWAITING_ANSWER, complaintDeadline, type Complaint, type ComplaintStatus } from '../../shared/complaints.ts';
import {
  type Act,
  type Involved,
  type EvidenceKind,
  type EvidenceSummary,
  type ViolationStatus,
} from '../../shared/violations.ts';
import type { FindingSource } from '../../shared/findings.ts';
import type { ComplaintTable, Database } from '../schema.ts';
import { loadFindingDetail } from './finding-write.queries.ts';
import { takeSeqs } from './live.queries.ts';
import { loadViolations } from './violation.queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

function complaintsQuery(db: Db) {
  return (
    db
      .selectFrom('complaints as c')
      // A complaint is about a violation or (issue 9) a referred campaign finding.
      .leftJoin('violations as v', 'v.id', 'c.violation_id')
      .leftJoin('findings as f', 'f.id', 'c.finding_id')
      .leftJoin('stations as s', (join) =>
        join.on((eb) => eb('s.id', '=', eb.fn.coalesce('v.station_id', 'f.station_id'))),
      )
      .innerJoin('elections as e', 'e.id', 'c.election_id')
      .innerJoin('people as p', 'p.id', 'c.created_by')
      .select([
        'c.id',
        'c.violation_id',
        'c.finding_id',
        'c.region_code',
        'c.addressee_kind',
        'c.addressee',
        'c.text',
        'c.filed_on',
        'c.status',
        'c.answer',
        'c.answered_on',
        'c.created_by',
        'c.created_at',
        'c.updated_at',
        'p.name as created_by_name',
        's.number as station_number',
        (eb) => eb.fn.coalesce('v.category_code', 'f.category_code').as('category_code'),
        'e.voting_date',
      ])
  );
}
type ComplaintJoinRow = Awaited<ReturnType<ReturnType<typeof complaintsQuery>['executeTakeFirstOrThrow']>>;

/** The API shape; the deadline runs (msLeft) only while an answer is awaited. */
export function toComplaint(row: ComplaintJoinRow, now: Date): Complaint {
  const deadline = row.filed_on ? complaintDeadline(row.filed_on, row.voting_date) : null;
  const running = deadline !== null && AWAITING_ANSWER.includes(row.status);
  return {
    id: row.id,
    violationId: row.violation_id,
    findingId: row.finding_id,
    stationNumber: row.station_number,
    region: row.region_code,
    categoryCode: row.category_code ?? '',
    addresseeKind: row.addressee_kind,
    addressee: row.addressee,
    text: row.text,
    filedOn: row.filed_on,
    status: row.status,
    answer: row.answer,
    answeredOn: row.answered_on,
    deadline,
    msLeft: running ? Date.parse(deadline.dueAt) - now.getTime() : null,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface ComplaintFilter {
  ids?: string[];
  violationId?: string;
  regions?: readonly string[];
  statuses?: readonly ComplaintStatus[];
}

export async function listComplaints(db: Db, filter: ComplaintFilter, now: Date): Promise<Complaint[]> {
  let query = complaintsQuery(db);
  if (filter.ids) query = query.where('c.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.violationId) query = query.where('c.violation_id', '=', filter.violationId);
  if (filter.regions) query = query.where('c.region_code', 'in', filter.regions.length ? [...filter.regions] : ['']);
  if (filter.statuses) query = query.where('c.status', 'in', [...filter.statuses]);
  const rows = await query.orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map((r) => toComplaint(r, now));
}

export async function findComplaint(db: Db, id: string, now: Date): Promise<Complaint | null> {
  const row = await complaintsQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toComplaint(row, now) : null;
}

/** Overdue first, then the least time left; complaints with no running deadline last. */
export function compareDeadlines(a: Complaint, b: Complaint): number {
  if (a.msLeft === null || b.msLeft === null) {
    if (a.msLeft !== b.msLeft) return a.msLeft === null ? 1 : -1;
  } else if (a.msLeft !== b.msLeft) return a.msLeft - b.msLeft;
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** What a complaint is about: a violation with its station, for the checks before writing. */
export async function findViolationForComplaint(db: Db, id: string) {
  return db
    .selectFrom('violations')
    .select(['id', 'election_id', 'station_id', 'region_code', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inserts unless the id exists (a resend); true when this call created it. */
export async function insertComplaint(trx: Transaction<Database>, row: Insertable<ComplaintTable>): Promise<boolean> {
  const inserted = await trx
    .insertInto('complaints')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateComplaint(
  trx: Transaction<Database>,
  id: string,
  set: Updateable<ComplaintTable>,
): Promise<void> {
  await trx
    .updateTable('complaints')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The row as stored, locked for the caller's transaction. */
export async function lockComplaint(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('complaints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * A complaint hands its violation to the legal team: `with_legal` unless it is there already or
 * closed, logged as a step of the violation. True when the status moved.
 */
export async function takeViolationForLegal(
  trx: Transaction<Database>,
  violationId: string,
  complaintId: string,
  personId: number,
): Promise<boolean> {
  const [seq] = await takeSeqs(trx, 1);
  const moved = await trx
    .updateTable('violations')
    .set({ status: 'with_legal', updated_at: new Date(), seq: seq! })
    .where('id', '=', violationId)
    .where('status', 'not in', ['with_legal', 'closed'])
    .returning('id')
    .executeTakeFirst();
  if (!moved) return false;
  const body = JSON.stringify({ complaintId });
  await trx
    .insertInto('violation_changes')
    .values({
      id: randomUUID(),
      violation_id: violationId,
      kind: 'with_legal',
      body,
      content_hash: createHash('sha256').update(body).digest('hex'),
      person_id: personId,
      device_time: null,
    })
    .execute();
  return true;
}

export interface EvidenceLine {
  id: string;
  kind: EvidenceKind | null;
  mime: string | null;
  size: number;
  sha256: string;
  capturedAt: string | null;
  purpose: EvidenceSummary['purpose'];
}

/** Everything the printed act (and the complaint built on it) shows, from one violation. */
export interface ViolationPrint {
  id: string;
  status: ViolationStatus;
  observedAt: string;
  description: string;
  otherText: string | null;
  involved: Involved[];
  chairNotified: boolean | null;
  chairAnswer: string | null;
  correctedNote: string | null;
  /** Null when no act was written yet (the print is then a pre-filled blank). */
  act: Act | null;
  election: { id: number; nameKk: string; nameRu: string; votingDate: string };
  station: { id: number; number: number; region: string; address: string; locality: string; district: string };
  category: { code: string; article: string; titleKk: string; titleRu: string };
  reporter: { id: number; name: string };
  evidence: EvidenceLine[];
}

export async function loadViolationPrint(db: Db, id: string): Promise<ViolationPrint | null> {
  const [v] = await loadViolations(db, [id]);
  if (!v) return null;
  const place = await db
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .select(['s.locality', 's.district', 'e.name_kk', 'e.name_ru', 'e.voting_date'])
    .where('s.id', '=', v.station.id)
    .executeTakeFirstOrThrow();
  return {
    id: v.id,
    status: v.status,
    observedAt: v.observedAt,
    description: v.description,
    otherText: v.otherText,
    involved: v.involved,
    chairNotified: v.chairNotified,
    chairAnswer: v.chairAnswer,
    correctedNote: v.correctedNote,
    act: v.act,
    election: { id: v.electionId, nameKk: place.name_kk, nameRu: place.name_ru, votingDate: place.voting_date },
    station: {
      id: v.station.id,
      number: v.station.number,
      region: v.station.region,
      address: v.station.address,
      locality: place.locality,
      district: place.district,
    },
    category: {
      code: v.category.code,
      article: v.category.article,
      titleKk: v.category.title.kk,
      titleRu: v.category.title.ru,
    },
    reporter: v.reporter,
    evidence: printedEvidence(v.evidence),
  };
}

/** Only finished uploads are printed: their hash is fixed, so the printed list stays true to the files. */
function printedEvidence(evidence: readonly EvidenceSummary[]): EvidenceLine[] {
  return evidence.flatMap((e) =>
    e.state === 'complete' && e.sha256
      ? [
          {
            id: e.id,
            kind: e.kind,
            mime: e.mime,
            size: e.size,
            sha256: e.sha256,
            capturedAt: e.capturedAt,
            purpose: e.purpose,
          },
        ]
      : [],
  );
}

/** Everything a referred finding's complaint shows on paper. */
export interface FindingPrint {
  id: string;
  title: string;
  occurredOn: string;
  occurredTime: string | null;
  region: { code: string; nameKk: string; nameRu: string };
  locality: string;
  place: string;
  description: string;
  involvedNote: string;
  sources: FindingSource[];
  station: { number: number; address: string } | null;
  category: { code: string; titleKk: string; titleRu: string };
  election: { id: number; nameKk: string; nameRu: string; votingDate: string };
  author: { id: number; name: string };
  /** Finished files of the finding and of the duplicates merged into it. */
  evidence: EvidenceLine[];
}

export async function loadFindingPrint(db: Db, id: string): Promise<FindingPrint | null> {
  const f = await loadFindingDetail(db, id);
  if (!f) return null;
  const election = await db
    .selectFrom('elections')
    .select(['name_kk', 'name_ru', 'voting_date'])
    .where('id', '=', f.electionId)
    .executeTakeFirstOrThrow();
  const region = await db
    .selectFrom('regions')
    .select(['name_kk', 'name_ru'])
    .where('code', '=', f.region)
    .executeTakeFirstOrThrow();
  return {
    id: f.id,
    title: f.title,
    occurredOn: f.occurredOn,
    occurredTime: f.occurredTime,
    region: { code: f.region, nameKk: region.name_kk, nameRu: region.name_ru },
    locality: f.locality,
    place: f.place,
    description: f.description,
    involvedNote: f.involvedNote,
    sources: f.sources,
    station: f.station ? { number: f.station.number, address: f.station.address } : null,
    category: { code: f.category.code, titleKk: f.category.title.kk, titleRu: f.category.title.ru },
    election: {
      id: f.electionId,
      nameKk: election.name_kk,
      nameRu: election.name_ru,
      votingDate: election.voting_date,
    },
    author: f.author,
    evidence: printedEvidence(f.evidence),
  };
}

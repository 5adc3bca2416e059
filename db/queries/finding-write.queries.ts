import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type {
  Finding,
  FindingChange,
  FindingChangeKind,
  FindingInput,
  FindingSource,
  FindingStatus,
} from '../../shared/findings.ts';
import type { Database, FindingChangeBody, FindingRow, FindingTable } from '../schema.ts';
import { countFindingEvidence, evidenceOfFindings } from './evidence.queries.ts';
import { findingCategoryRowToApi, searchVector } from './finding.queries.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A finding's page without `may` (what the caller may do is the server's to say). */
export type FindingDetail = Omit<Finding, 'may'>;

const iso = (d: Date | string) => new Date(d).toISOString();

/** Sources with a fixed key order, so two copies compare equal whatever order jsonb keeps. */
const sourcesOf = (sources: readonly FindingSource[]): FindingSource[] =>
  sources.map((s) => ({ kind: s.kind, note: s.note, url: s.url }));

/** The observer's fields of a stored finding, in the order `FindingInput` names them. */
export function findingInputOf(row: FindingRow): FindingInput {
  return {
    categoryCode: row.category_code,
    region: row.region_code,
    locality: row.locality,
    stationId: row.station_id,
    place: row.place,
    position: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    occurredOn: row.occurred_on,
    occurredTime: row.occurred_time,
    title: row.title,
    description: row.description,
    involved: [...row.involved],
    involvedNote: row.involved_note,
    sources: sourcesOf(row.sources),
    confidence: row.confidence,
  };
}

/** The same fields in the same order: `JSON.stringify` of two of these compares their content. */
export function canonicalInput(input: FindingInput): FindingInput {
  return {
    categoryCode: input.categoryCode,
    region: input.region,
    locality: input.locality,
    stationId: input.stationId,
    place: input.place,
    position: input.position ? { lat: input.position.lat, lng: input.position.lng } : null,
    occurredOn: input.occurredOn,
    occurredTime: input.occurredTime,
    title: input.title,
    description: input.description,
    involved: [...input.involved],
    involvedNote: input.involvedNote,
    sources: sourcesOf(input.sources),
    confidence: input.confidence,
  };
}

/** The columns the observer's fields fill, with the search document rebuilt from them. */
export function findingColumns(input: FindingInput) {
  return {
    category_code: input.categoryCode,
    region_code: input.region,
    locality: input.locality,
    station_id: input.stationId,
    place: input.place,
    lat: input.position?.lat ?? null,
    lng: input.position?.lng ?? null,
    occurred_on: input.occurredOn,
    occurred_time: input.occurredTime,
    title: input.title,
    description: input.description,
    involved: input.involved,
    involved_note: input.involvedNote,
    sources: JSON.stringify(sourcesOf(input.sources)),
    confidence: input.confidence,
    search_vector: searchVector(input),
  };
}

const FINDING_COLUMNS = [
  'id',
  'election_id',
  'region_code',
  'locality',
  'station_id',
  'category_code',
  'place',
  'lat',
  'lng',
  'occurred_on',
  'occurred_time',
  'title',
  'description',
  'involved',
  'involved_note',
  'sources',
  'confidence',
  'status',
  'version',
  'author_id',
  'reviewed_by',
  'reviewed_at',
  'review_comment',
  'merged_into_id',
  'created_at',
  'updated_at',
] as const;

export async function findFindingRow(db: Db, id: string): Promise<FindingRow | null> {
  const row = await db.selectFrom('findings').select(FINDING_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ?? null;
}

/** The rows locked for the rest of the transaction, in id order (two merges never deadlock). */
export async function lockFindings(trx: Transaction<Database>, ids: string[]): Promise<Map<string, FindingRow>> {
  const rows = await trx
    .selectFrom('findings')
    .select(FINDING_COLUMNS)
    .where('id', 'in', ids.length ? ids : [randomUUID()])
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertFindingRow(
  trx: Transaction<Database>,
  values: { id: string; electionId: number; authorId: number; input: FindingInput },
): Promise<boolean> {
  const result = await trx
    .insertInto('findings')
    .values({
      id: values.id,
      election_id: values.electionId,
      author_id: values.authorId,
      status: 'new',
      ...findingColumns(values.input),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Every write moves the version on: a form or review made on the old one is refused. */
export async function updateFindingRow(
  trx: Transaction<Database>,
  id: string,
  set: Omit<Updateable<FindingTable>, 'version' | 'updated_at'>,
): Promise<void> {
  await trx
    .updateTable('findings')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertFindingChange(
  trx: Transaction<Database>,
  change: {
    id?: string;
    findingId: string;
    kind: FindingChangeKind;
    status: FindingStatus;
    comment?: string;
    body?: FindingChangeBody;
    personId: number;
  },
): Promise<void> {
  await trx
    .insertInto('finding_changes')
    .values({
      id: change.id ?? randomUUID(),
      finding_id: change.findingId,
      kind: change.kind,
      status: change.status,
      comment: change.comment ?? '',
      body: JSON.stringify(change.body ?? {}),
      person_id: change.personId,
      // Several changes in one transaction keep the order they were made in.
      created_at: sql<Date>`clock_timestamp()`,
    })
    .execute();
}

/** The finding a change id was recorded for, or null when it is new (a resend is a no-op). */
export async function findingOfChange(db: Db, changeId: string): Promise<string | null> {
  const row = await db.selectFrom('finding_changes').select('finding_id').where('id', '=', changeId).executeTakeFirst();
  return row?.finding_id ?? null;
}

export async function findFindingCategory(db: Db, code: string) {
  return db.selectFrom('finding_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

export async function findStationOfElection(db: Db, stationId: number, electionId: number) {
  return db
    .selectFrom('stations')
    .select(['id', 'region_code'])
    .where('id', '=', stationId)
    .where('election_id', '=', electionId)
    .executeTakeFirst();
}

/** Complaints already opened on a finding (a referred one cannot be folded into another). */
export async function countFindingComplaints(db: Db, findingId: string): Promise<number> {
  const row = await db
    .selectFrom('complaints')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('finding_id', '=', findingId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Findings folded into `from` now hang off `to` (merging a finding that had duplicates). */
export async function repointDuplicates(trx: Transaction<Database>, from: string, to: string) {
  return trx
    .updateTable('findings')
    .set({ merged_into_id: to, updated_at: new Date() })
    .where('merged_into_id', '=', from)
    .returning(['id', 'region_code', 'status', 'author_id'])
    .execute();
}

/** Everything a finding's page shows: the finding, its duplicates' evidence, complaints and history. */
export async function loadFindingDetail(db: Db, id: string): Promise<FindingDetail | null> {
  const row = await db
    .selectFrom('findings as f')
    .innerJoin('people as a', 'a.id', 'f.author_id')
    .innerJoin('finding_categories as c', 'c.code', 'f.category_code')
    .innerJoin('regions as r', 'r.code', 'f.region_code')
    .leftJoin('stations as s', 's.id', 'f.station_id')
    .leftJoin('people as rv', 'rv.id', 'f.reviewed_by')
    .select(FINDING_COLUMNS.map((c) => `f.${c}` as const))
    .select([
      'a.name as author_name',
      'c.code as c_code',
      'c.title_kk',
      'c.title_ru',
      'c.title_en',
      'c.builtin',
      'c.active',
      'c.sort_order',
      'c.created_at as c_created_at',
      'c.updated_at as c_updated_at',
      'r.center_lat',
      'r.center_lng',
      's.number as station_number',
      's.address as station_address',
      's.lat as station_lat',
      's.lng as station_lng',
      'rv.name as reviewer_name',
    ])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;

  const duplicates = await db
    .selectFrom('findings as d')
    .innerJoin('people as a', 'a.id', 'd.author_id')
    .select(['d.id', 'd.title', 'd.author_id', 'a.name as author_name', 'd.occurred_on', 'd.sources'])
    .where('d.merged_into_id', '=', id)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  const evidence = await evidenceOfFindings(db, [id, ...duplicates.map((d) => d.id)]);
  const evidenceCount = (await countFindingEvidence(db, [id])).get(id) ?? 0;
  const complaints = await db
    .selectFrom('complaints')
    .select(['id', 'status', 'addressee_kind', 'addressee', 'created_at'])
    .where('finding_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const history = await findingHistory(db, id);

  const position = row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
  const mapPosition = position
    ? { ...position, source: 'own' as const }
    : row.station_lat !== null && row.station_lng !== null
      ? { lat: row.station_lat, lng: row.station_lng, source: 'station' as const }
      : { lat: row.center_lat, lng: row.center_lng, source: 'region' as const };

  return {
    id: row.id,
    electionId: row.election_id,
    categoryCode: row.category_code,
    category: findingCategoryRowToApi({
      code: row.c_code,
      title_kk: row.title_kk,
      title_ru: row.title_ru,
      title_en: row.title_en,
      builtin: row.builtin,
      active: row.active,
      sort_order: row.sort_order,
      created_at: row.c_created_at,
      updated_at: row.c_updated_at,
    }),
    region: row.region_code,
    locality: row.locality,
    stationNumber: row.station_number,
    station:
      row.station_id !== null && row.station_number !== null
        ? { id: row.station_id, number: row.station_number, address: row.station_address ?? '' }
        : null,
    place: row.place,
    position,
    mapPosition,
    occurredOn: row.occurred_on,
    occurredTime: row.occurred_time,
    title: row.title,
    description: row.description,
    involved: row.involved,
    involvedNote: row.involved_note,
    sources: sourcesOf(row.sources),
    confidence: row.confidence,
    status: row.status,
    version: row.version,
    author: { id: row.author_id, name: row.author_name },
    review:
      row.reviewed_by !== null && row.reviewed_at !== null
        ? {
            by: { id: row.reviewed_by, name: row.reviewer_name ?? '' },
            at: iso(row.reviewed_at),
            comment: row.review_comment ?? '',
          }
        : null,
    mergedInto: row.merged_into_id,
    duplicates: duplicates.map((d) => ({
      id: d.id,
      title: d.title,
      author: { id: d.author_id, name: d.author_name },
      occurredOn: d.occurred_on,
      sources: sourcesOf(d.sources),
    })),
    evidence,
    evidenceCount,
    duplicateCount: duplicates.length,
    complaints: complaints.map((c) => ({
      id: c.id,
      status: c.status,
      addresseeKind: c.addressee_kind,
      addressee: c.addressee,
      createdAt: iso(c.created_at),
    })),
    history,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A finding's changes, oldest first. */
export async function findingHistory(db: Db, id: string): Promise<FindingChange[]> {
  const rows = await db
    .selectFrom('finding_changes as fc')
    .innerJoin('people as p', 'p.id', 'fc.person_id')
    .select(['fc.id', 'fc.kind', 'fc.status', 'fc.comment', 'fc.body', 'fc.person_id', 'p.name', 'fc.created_at'])
    .where('fc.finding_id', '=', id)
    .orderBy('fc.created_at')
    .orderBy('fc.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    at: iso(r.created_at),
    by: { id: r.person_id, name: r.name },
    status: r.status,
    comment: r.comment,
    changes: r.body.changes ?? [],
    otherFindingId: r.body.otherFindingId ?? null,
  }));
}

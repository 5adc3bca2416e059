import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { EvidenceRecord } from '../../shared/evidence.ts';
import type { EvidenceSummary } from '../../shared/violations.ts';
import type { Database, EvidenceTable } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An evidence row without its thumbnail bytes, with the uploader's name. */
export interface EvidenceItem {
  id: string;
  violation_id: string | null;
  finding_id: string | null;
  station_id: number | null;
  region_code: string;
  purpose: EvidenceSummary['purpose'];
  uploader_id: number;
  uploader_name: string;
  state: 'uploading' | 'complete';
  size: number;
  received_bytes: number;
  kind: 'photo' | 'video' | null;
  mime: string | null;
  sha256: string | null;
  storage_key: string;
  file_name: string | null;
  captured_at: Date | null;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  has_thumbnail: boolean;
  created_at: Date;
  completed_at: Date | null;
}

function selectItems(db: Db) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('people as p', 'p.id', 'e.uploader_id')
    .select([
      'e.id',
      'e.violation_id',
      'e.finding_id',
      'e.station_id',
      'e.region_code',
      'e.purpose',
      'e.uploader_id',
      'p.name as uploader_name',
      'e.state',
      'e.size',
      'e.received_bytes',
      'e.kind',
      'e.mime',
      'e.sha256',
      'e.storage_key',
      'e.file_name',
      'e.captured_at',
      'e.lat',
      'e.lng',
      'e.accuracy_m',
      sql<boolean>`e.thumbnail is not null`.as('has_thumbnail'),
      'e.created_at',
      'e.completed_at',
    ]);
}

export async function findEvidence(db: Db, id: string): Promise<EvidenceItem | null> {
  const row = await selectItems(db).where('e.id', '=', id).executeTakeFirst();
  return row ? row : null;
}

/** Locks the row for the rest of the transaction: one part of an upload at a time. */
export async function lockEvidence(trx: Transaction<Database>, id: string): Promise<EvidenceItem | null> {
  const row = await selectItems(trx).where('e.id', '=', id).forUpdate('e').executeTakeFirst();
  return row ? row : null;
}

/** Inserts a declared upload; null when the id exists already (a phone resending its declaration). */
export async function insertEvidence(db: Db, values: Insertable<EvidenceTable>): Promise<boolean> {
  const result = await db
    .insertInto('evidence')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Records bytes that reached storage, and the type the first bytes showed. */
export async function setReceived(
  db: Db,
  id: string,
  receivedBytes: number,
  type?: { kind: 'photo' | 'video'; mime: string },
): Promise<void> {
  await db
    .updateTable('evidence')
    .set({ received_bytes: receivedBytes, ...(type ?? {}) })
    .where('id', '=', id)
    .where('state', '=', 'uploading')
    .execute();
}

export async function completeEvidence(
  db: Db,
  id: string,
  values: { sha256: string; storageKey: string; receivedBytes: number },
): Promise<void> {
  await db
    .updateTable('evidence')
    .set({
      state: 'complete',
      sha256: values.sha256,
      storage_key: values.storageKey,
      received_bytes: values.receivedBytes,
      completed_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function findThumbnail(db: Db, id: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom('evidence').select('thumbnail').where('id', '=', id).executeTakeFirst();
  return row?.thumbnail ?? null;
}

/** Where a violation is (evidence inherits its station and region). */
export async function findViolationPlace(
  db: Db,
  id: string,
): Promise<{ electionId: number; stationId: number; region: string } | null> {
  const row = await db
    .selectFrom('violations')
    .select(['election_id', 'station_id', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { electionId: row.election_id, stationId: row.station_id, region: row.region_code } : null;
}

/** The station a protocol photo belongs to (in the active election). */
export async function findStationPlace(
  db: Db,
  stationId: number,
): Promise<{ electionId: number; stationId: number; region: string } | null> {
  const row = await db
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .select(['s.election_id', 's.id', 's.region_code'])
    .where('s.id', '=', stationId)
    .where('e.is_active', '=', true)
    .executeTakeFirst();
  return row ? { electionId: row.election_id, stationId: row.id, region: row.region_code } : null;
}

/** A list's view of the file; null while no byte has shown what the file is. */
export function evidenceItemToSummary(item: EvidenceItem): EvidenceSummary | null {
  if (!item.kind || !item.mime) return null;
  return {
    id: item.id,
    kind: item.kind,
    mime: item.mime,
    size: item.size,
    sha256: item.sha256,
    state: item.state,
    receivedBytes: item.received_bytes,
    purpose: item.purpose,
    hasThumbnail: item.has_thumbnail,
    capturedAt: item.captured_at ? new Date(item.captured_at).toISOString() : null,
    uploadedAt: new Date(item.completed_at ?? item.created_at).toISOString(),
  };
}

export function evidenceItemToRecord(item: EvidenceItem): EvidenceRecord | null {
  const summary = evidenceItemToSummary(item);
  if (!summary) return null;
  return {
    ...summary,
    violationId: item.violation_id,
    findingId: item.finding_id,
    stationId: item.station_id,
    region: item.region_code,
    fileName: item.file_name,
    position:
      item.lat !== null && item.lng !== null ? { lat: item.lat, lng: item.lng, accuracy: item.accuracy_m } : null,
    uploader: { id: item.uploader_id, name: item.uploader_name },
  };
}

/** The evidence of some violations (those whose type is known), oldest first. */
export async function evidenceOfViolations(db: Db, violationIds: string[]): Promise<Map<string, EvidenceSummary[]>> {
  const map = new Map<string, EvidenceSummary[]>();
  if (violationIds.length === 0) return map;
  const rows = await selectItems(db)
    .where(sql<boolean>`e.violation_id = any(${violationIds}::uuid[])`)
    .where('e.kind', 'is not', null)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  for (const row of rows) {
    const summary = evidenceItemToSummary(row);
    if (summary) map.set(row.violation_id!, [...(map.get(row.violation_id!) ?? []), summary]);
  }
  return map;
}

/**
 * The files of some findings (a finding and its duplicates) whose type is known, uploading or
 * complete, oldest first, each naming its finding.
 */
export async function evidenceOfFindings(
  db: Db,
  findingIds: string[],
): Promise<(EvidenceSummary & { findingId: string; fileName: string | null })[]> {
  if (findingIds.length === 0) return [];
  const rows = await selectItems(db)
    .where('e.finding_id', 'in', findingIds)
    .where('e.kind', 'is not', null)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.flatMap((row) => {
    const summary = evidenceItemToSummary(row);
    return summary && row.finding_id ? [{ ...summary, findingId: row.finding_id, fileName: row.file_name }] : [];
  });
}

/**
 * Files counted for each finding: the complete ones (what the report lists and anyone can open),
 * its own and those of the findings merged into it. The list, the finding's page and the report
 * count with this one rule.
 */
export async function countFindingEvidence(db: Db, findingIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (findingIds.length === 0) return counts;
  const asked = new Set(findingIds);
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('findings as owner', 'owner.id', 'evidence.finding_id')
    .select((eb) => ['owner.id', 'owner.merged_into_id', eb.fn.countAll<number>().as('n')])
    .where('evidence.state', '=', 'complete')
    .where((eb) => eb.or([eb('owner.id', 'in', [...asked]), eb('owner.merged_into_id', 'in', [...asked])]))
    .groupBy(['owner.id', 'owner.merged_into_id'])
    .execute();
  for (const row of rows) {
    const finding = asked.has(row.id) ? row.id : row.merged_into_id;
    if (finding !== null) counts.set(finding, (counts.get(finding) ?? 0) + Number(row.n));
  }
  return counts;
}

/** Where a finding is, who logged it and how far it got (its files inherit the region and station). */
export async function findFindingPlace(db: Db, id: string) {
  const row = await db
    .selectFrom('findings')
    .select(['id', 'election_id', 'station_id', 'region_code', 'author_id', 'status', 'merged_into_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * A finding's files, and those of the findings merged into it, follow it to its region and station
 * (after an edit moves it, or a merge folds duplicates from elsewhere into it).
 */
export async function placeFindingEvidence(
  trx: Transaction<Database>,
  findingId: string,
  place: { region: string; stationId: number | null },
): Promise<void> {
  await trx
    .updateTable('evidence')
    .set({ region_code: place.region, station_id: place.stationId })
    .where('finding_id', 'in', (eb) =>
      eb
        .selectFrom('findings')
        .select('findings.id')
        .where((w) => w.or([w('findings.id', '=', findingId), w('findings.merged_into_id', '=', findingId)])),
    )
    .execute();
}

/**
 * A station's protocol photos whose type is known, oldest first, in one query (the index
 * `evidence_station_purpose` finds them); `completeOnly`: those whose bytes are all there, to type from.
 */
export async function stationProtocolPhotos(
  db: Db,
  stationId: number,
  completeOnly: boolean,
): Promise<EvidenceSummary[]> {
  let query = selectItems(db).where('e.station_id', '=', stationId).where('e.purpose', '=', 'protocol_photo');
  if (completeOnly) query = query.where('e.state', '=', 'complete');
  const rows = await query.orderBy('e.created_at').orderBy('e.id').execute();
  return rows.flatMap((row) => {
    const summary = evidenceItemToSummary(row);
    return summary ? [summary] : [];
  });
}

/**
 * Holds a station's protocol photo declarations one at a time until commit, so that the count
 * read next is still true when the new row goes in (the per-station limit).
 */
export async function lockProtocolPhotos(trx: Transaction<Database>, stationId: number): Promise<void> {
  // The two-key form, its own key space: never the change lock's single key.
  await sql`select pg_advisory_xact_lock(4207002, ${stationId}::int)`.execute(trx);
}

/** Protocol photos declared for a station, whatever their state (each holds room on the disk). */
export async function countProtocolPhotos(db: Db, stationId: number): Promise<number> {
  const row = await db
    .selectFrom('evidence')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('station_id', '=', stationId)
    .where('purpose', '=', 'protocol_photo')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

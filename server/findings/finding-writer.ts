import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { insertComplaint } from '../../db/queries/complaint.queries.ts';
import { placeFindingEvidence } from '../../db/queries/evidence.queries.ts';
import { readableFindingIds } from '../../db/queries/finding.queries.ts';
import {
  canonicalInput,
  countFindingComplaints,
  findFindingCategory,
  findingColumns,
  findingInputOf,
  findingOfChange,
  findStationOfElection,
  insertFindingChange,
  insertFindingRow,
  lockFindings,
  regionExists,
  repointDuplicates,
  updateFindingRow,
} from '../../db/queries/finding-write.queries.ts';
import type { Database, FindingRow } from '../../db/schema.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import {
  EDITABLE_STATUSES,
  reviewedStatus,
  type FindingEdit,
  FindingInput,
  type FindingMerge,
  type FindingRefer,
  type FindingReview,
  type FindingSource,
  type NewFinding,
} from '../../shared/findings.ts';
import { localDate } from '../../shared/geo.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';
import { findingPush, type FindingPush } from '../plugins/findings.ts';
import { findingViewer, inFindingScope, type FindingRef } from './finding-access.ts';

type Db = Kysely<Database>;
type Changed = FindingPush[];

/** What a write did: the finding to answer with, and what to push once committed. */
export interface FindingWrite {
  id: string;
  /** False for a resend of a change already made: nothing was written. */
  written: boolean;
  changed: Changed;
}

const refOf = (row: FindingRow): FindingRef => ({
  authorId: row.author_id,
  region: row.region_code,
  status: row.status,
  mergedInto: row.merged_into_id,
});
const invalid = (message: string, details: ErrorDetail[]) => new AppError(400, 'validation_failed', message, details);
const actor = (auth: Auth, ip: string) => ({ actorId: auth.user.id, actorRole: auth.user.role, ip });

/** A step in a finding's history, and (when given) its line in the audit log, in the same transaction. */
async function record(
  trx: Transaction<Database>,
  auth: Auth,
  ip: string,
  change: Omit<Parameters<typeof insertFindingChange>[1], 'personId'>,
  audit?: { action: string; before?: unknown; after?: unknown },
): Promise<void> {
  await insertFindingChange(trx, { ...change, personId: auth.user.id });
  if (audit) await writeAudit(trx, { ...actor(auth, ip), entityType: 'finding', entityId: change.findingId, ...audit });
}

type FieldName = keyof FindingInput;
/** Every field an observer writes, typed (for the checks and the edit's before/after). */
const FIELD_NAMES: readonly FieldName[] = FindingInput.keyof().options;

/**
 * The checks the database cannot make on an observer's fields: the category is in use, the region
 * exists and is the writer's, the station is one of the election's in that region, the day is not
 * to come. Only what `changed` names is checked (an edit keeps a category HQ switched off since).
 */
async function checkFields(
  trx: Transaction<Database>,
  auth: Auth,
  electionId: number,
  input: FindingInput,
  changed: ReadonlySet<FieldName>,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (changed.has('categoryCode')) {
    const category = await findFindingCategory(trx, input.categoryCode);
    if (!category) problems.push({ path: 'categoryCode', message: 'no such category' });
    else if (!category.active) problems.push({ path: 'categoryCode', message: 'this category is no longer in use' });
  }
  const regionKnown = !changed.has('region') || (await regionExists(trx, input.region));
  if (!regionKnown) problems.push({ path: 'region', message: 'no such region' });
  if (input.stationId !== null && (changed.has('stationId') || changed.has('region'))) {
    const station = await findStationOfElection(trx, input.stationId, electionId);
    if (!station) problems.push({ path: 'stationId', message: 'no such station in this election' });
    else if (station.region_code !== input.region)
      problems.push({ path: 'stationId', message: `station is in ${station.region_code}, not in ${input.region}` });
  }
  if (changed.has('occurredOn') && input.occurredOn > localDate(new Date()))
    problems.push({ path: 'occurredOn', message: 'cannot be in the future' });
  if (problems.length > 0) throw invalid('The finding has problems', problems);
  // A long-term observer and a coordinator log findings in their own regions only.
  if (changed.has('region') && auth.scope !== 'all' && !auth.user.regions.includes(input.region))
    throw new ForbiddenError(`You may not log findings in region ${input.region}`);
}

/** The rows, locked in id order; 404 for one that does not exist, 403 for one the caller may not read. */
async function lockVisible(trx: Transaction<Database>, auth: Auth, ids: string[]): Promise<FindingRow[]> {
  const rows = await lockFindings(trx, ids);
  const viewer = findingViewer(auth.user);
  const readable = viewer ? await readableFindingIds(trx, viewer, ids) : new Set<string>();
  return ids.map((id) => {
    const row = rows.get(id);
    if (!row) throw new NotFoundError('No such finding');
    if (!readable.has(id)) throw new ForbiddenError('You may not see this finding');
    return row;
  });
}

async function lockOne(trx: Transaction<Database>, auth: Auth, id: string): Promise<FindingRow> {
  const [row] = await lockVisible(trx, auth, [id]);
  if (!row) throw new NotFoundError('No such finding');
  return row;
}

/**
 * A change id seen before is a resend: true when it was recorded for this finding (answer with the
 * finding as it is now), 409 when for another one.
 */
async function isResend(trx: Transaction<Database>, changeId: string, findingId: string): Promise<boolean> {
  const of = await findingOfChange(trx, changeId);
  if (of === null) return false;
  if (of !== findingId) throw new ConflictError('This change id was already used for another finding');
  return true;
}

function assertOpen(row: FindingRow, version: number): void {
  if (row.merged_into_id !== null)
    throw new ConflictError(`This finding was merged into ${row.merged_into_id}; work on that one`);
  if (row.version !== version)
    throw new ConflictError('The finding changed since you opened it; reload it and try again', [
      { path: 'version', message: `the current version is ${row.version}` },
    ]);
}

const sameInput = (a: FindingInput, b: FindingInput) =>
  JSON.stringify(canonicalInput(a)) === JSON.stringify(canonicalInput(b));

/**
 * `POST /api/findings`: the phone's id makes a resend create one finding; the same id with other
 * content, or from someone else, is refused.
 */
export async function createFinding(
  db: Db,
  auth: Auth,
  ip: string,
  electionId: number,
  body: NewFinding,
): Promise<FindingWrite> {
  const { id, ...input } = body;
  const resent = (row: FindingRow): FindingWrite => {
    if (row.author_id !== auth.user.id || !sameInput(findingInputOf(row), input))
      throw new ConflictError('This finding id is already used for another finding', [
        { path: 'id', message: 'already in use' },
      ]);
    return { id, written: false, changed: [] };
  };
  return db.transaction().execute(async (trx) => {
    const [existing] = (await lockFindings(trx, [id])).values();
    if (existing) return resent(existing);
    await checkFields(trx, auth, electionId, input, new Set(FIELD_NAMES));
    if (!(await insertFindingRow(trx, { id, electionId, authorId: auth.user.id, input }))) {
      // A resend that raced the first request: compare with what it wrote.
      const [raced] = (await lockFindings(trx, [id])).values();
      if (!raced) throw new Error('finding vanished after a conflicting insert');
      return resent(raced);
    }
    await record(
      trx,
      auth,
      ip,
      { findingId: id, kind: 'created', status: 'new' },
      { action: 'finding.create', after: input },
    );
    return { id, written: true, changed: [{ id, region: input.region, status: 'new', authorId: auth.user.id }] };
  });
}

/**
 * `PATCH /api/findings/:id`: the author (or HQ, or the region's coordinator) changes what they
 * sent until it is verified; editing a rejected finding sends it back for review.
 */
export async function editFinding(
  db: Db,
  auth: Auth,
  ip: string,
  id: string,
  edit: FindingEdit,
): Promise<FindingWrite> {
  const { changeId, version, ...sent } = edit;
  return db.transaction().execute(async (trx) => {
    const row = await lockOne(trx, auth, id);
    if (!inFindingScope(auth.user, 'findings.write', refOf(row)))
      throw new ForbiddenError('Only the author, HQ or the region’s coordinator may edit this finding');
    if (await isResend(trx, changeId, id)) return { id, written: false, changed: [] };
    if (!EDITABLE_STATUSES.includes(row.status))
      throw new ConflictError(`This finding was reviewed (${row.status}): it can no longer be edited`);
    assertOpen(row, version);

    const before = findingInputOf(row);
    const given = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
    const after: FindingInput = canonicalInput({ ...before, ...given });
    const changes = FIELD_NAMES.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map(
      (field) => ({ field, before: before[field], after: after[field] }),
    );
    await checkFields(trx, auth, row.election_id, after, new Set(changes.map((c) => c.field)));

    const status = row.status === 'rejected' ? 'new' : row.status;
    await updateFindingRow(trx, id, { ...findingColumns(after), status });
    if (row.region_code !== after.region || row.station_id !== after.stationId)
      await placeFindingEvidence(trx, id, { region: after.region, stationId: after.stationId });
    await record(
      trx,
      auth,
      ip,
      { id: changeId, findingId: id, kind: 'edited', status, body: { changes } },
      {
        action: 'finding.edit',
        before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
        after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
      },
    );
    // The old region's readers lose it when it moves: tell both.
    const moved = row.region_code !== after.region ? [findingPush(row, status)] : [];
    return { id, written: true, changed: [{ ...findingPush(row, status), region: after.region }, ...moved] };
  });
}

/** The region's coordinator (or HQ) and never the author: 403 otherwise. */
function assertReviewer(auth: Auth, row: FindingRow): void {
  if (!inFindingScope(auth.user, 'findings.review', refOf(row)))
    throw new ForbiddenError(`You may not review findings of region ${row.region_code}`);
  if (row.author_id === auth.user.id)
    throw new ForbiddenError('A finding is reviewed by someone other than its author');
}

/** `POST /api/findings/:id/review`: verify, reject, reopen or close. */
export async function reviewFinding(
  db: Db,
  auth: Auth,
  ip: string,
  id: string,
  review: FindingReview,
): Promise<FindingWrite> {
  return db.transaction().execute(async (trx) => {
    const row = await lockOne(trx, auth, id);
    assertReviewer(auth, row);
    if (await isResend(trx, review.changeId, id)) return { id, written: false, changed: [] };
    assertOpen(row, review.version);
    const referred = (await countFindingComplaints(trx, id)) > 0;
    const status = reviewedStatus(row.status, review.decision, referred);
    if (status === null)
      throw new ConflictError(`A finding that is ${row.status} cannot be given the decision ${review.decision}`, [
        { path: 'decision', message: `not possible from ${row.status}` },
      ]);
    await updateFindingRow(trx, id, {
      status,
      reviewed_by: auth.user.id,
      reviewed_at: new Date(),
      review_comment: review.comment,
    });
    await record(
      trx,
      auth,
      ip,
      { id: review.changeId, findingId: id, kind: review.decision, status, comment: review.comment },
      {
        action: `finding.${review.decision}`,
        before: { status: row.status },
        after: { status, comment: review.comment },
      },
    );
    return { id, written: true, changed: [findingPush(row, status)] };
  });
}

/**
 * `POST /api/findings/:id/merge`: two observers reported one event; the duplicate is folded into
 * this finding (its evidence and sources show here) and leaves the lists and reports.
 */
export async function mergeFindings(
  db: Db,
  auth: Auth,
  ip: string,
  id: string,
  merge: FindingMerge,
): Promise<FindingWrite> {
  if (merge.duplicateId === id)
    throw invalid('A finding cannot be merged into itself', [{ path: 'duplicateId', message: 'name another finding' }]);
  return db.transaction().execute(async (trx) => {
    const [target, duplicate] = await lockVisible(trx, auth, [id, merge.duplicateId]);
    if (!target || !duplicate) throw new NotFoundError('No such finding');
    assertReviewer(auth, target);
    assertReviewer(auth, duplicate);
    if (await isResend(trx, merge.changeId, id)) return { id, written: false, changed: [] };
    assertOpen(target, merge.version);
    if (duplicate.merged_into_id !== null)
      throw new ConflictError(`The duplicate was already merged into ${duplicate.merged_into_id}`, [
        { path: 'duplicateId', message: 'already merged' },
      ]);
    if (duplicate.election_id !== target.election_id)
      throw new ConflictError('The two findings belong to different elections', [
        { path: 'duplicateId', message: 'another election' },
      ]);
    if (duplicate.status === 'referred' || (await countFindingComplaints(trx, duplicate.id)) > 0)
      throw new ConflictError('The duplicate went to the legal team already: merge the other way round', [
        { path: 'duplicateId', message: 'referred' },
      ]);

    const repointed = await repointDuplicates(trx, duplicate.id, id);
    await updateFindingRow(trx, duplicate.id, { merged_into_id: id });
    await updateFindingRow(trx, id, {});
    await placeFindingEvidence(trx, id, { region: target.region_code, stationId: target.station_id });
    await record(
      trx,
      auth,
      ip,
      {
        id: merge.changeId,
        findingId: id,
        kind: 'merged',
        status: target.status,
        comment: merge.comment,
        body: { otherFindingId: duplicate.id },
      },
      {
        action: 'finding.merge',
        after: { duplicateId: duplicate.id, repointed: repointed.map((r) => r.id), comment: merge.comment },
      },
    );
    await record(trx, auth, ip, {
      findingId: duplicate.id,
      kind: 'merged_into',
      status: duplicate.status,
      comment: merge.comment,
      body: { otherFindingId: id },
    });
    return {
      id,
      written: true,
      changed: [findingPush(target), findingPush(duplicate), ...repointed.map((r) => findingPush(r))],
    };
  });
}

const SOURCE_RU: Record<FindingSource['kind'], string> = {
  witness: 'свидетель',
  document: 'документ',
  media: 'публикация',
  own_observation: 'собственное наблюдение',
};
const ruDate = (date: string) => date.split('-').reverse().join('.');

/** The complaint's text when the legal team left it empty: the finding as logged, in Russian. */
export function complaintTextOf(row: FindingRow, stationNumber: number | null): string {
  const when = `${ruDate(row.occurred_on)}${row.occurred_time ? ` ${row.occurred_time}` : ''}`;
  const where = [row.locality, row.place, stationNumber !== null ? `избирательный участок № ${stationNumber}` : '']
    .filter(Boolean)
    .join(', ');
  const sources = row.sources.map(
    (s) => `— ${SOURCE_RU[s.kind]}${s.note ? `: ${s.note}` : ''}${s.url ? ` (${s.url})` : ''}`,
  );
  return [
    row.title,
    `Дата: ${when}. Место: ${where}.`,
    row.description,
    row.involved_note ? `Причастные: ${row.involved_note}.` : '',
    `Источники:\n${sources.join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * `POST /api/findings/:id/refer`: a verified finding goes to the legal team as a draft complaint
 * (the same complaint records as a violation's; the lawyers file and track it from there).
 */
export async function referFinding(
  db: Db,
  auth: Auth,
  ip: string,
  id: string,
  refer: FindingRefer,
): Promise<FindingWrite> {
  return db.transaction().execute(async (trx) => {
    const row = await lockOne(trx, auth, id);
    if (!inFindingScope(auth.user, 'findings.refer', refOf(row)))
      throw new ForbiddenError(`You may not refer findings of region ${row.region_code}`);
    if (await isResend(trx, refer.changeId, id)) return { id, written: false, changed: [] };
    assertOpen(row, refer.version);
    if (row.status !== 'verified')
      throw new ConflictError(`Only a verified finding goes to the legal team; this one is ${row.status}`);
    // One complaint per finding: a closed and reopened one is back to referred, never referred twice.
    if ((await countFindingComplaints(trx, id)) > 0)
      throw new ConflictError('This finding went to the legal team already: work on its complaint');
    const station =
      row.station_id === null
        ? null
        : await trx.selectFrom('stations').select('number').where('id', '=', row.station_id).executeTakeFirst();
    const text = refer.complaint.text || complaintTextOf(row, station?.number ?? null);
    const created = await insertComplaint(trx, {
      id: refer.complaint.id,
      violation_id: null,
      finding_id: id,
      election_id: row.election_id,
      region_code: row.region_code,
      addressee_kind: refer.complaint.addresseeKind,
      addressee: refer.complaint.addressee,
      text,
      status: 'draft',
      created_by: auth.user.id,
    });
    if (!created)
      throw new ConflictError('This complaint id is already used', [
        { path: 'complaint.id', message: 'already in use' },
      ]);
    await updateFindingRow(trx, id, { status: 'referred' });
    await record(
      trx,
      auth,
      ip,
      {
        id: refer.changeId,
        findingId: id,
        kind: 'refer',
        status: 'referred',
        comment: refer.comment,
        body: { complaintId: refer.complaint.id },
      },
      {
        action: 'finding.refer',
        before: { status: row.status },
        after: { status: 'referred', complaintId: refer.complaint.id, comment: refer.comment },
      },
    );
    await writeAudit(trx, {
      ...actor(auth, ip),
      action: 'complaint.create',
      entityType: 'complaint',
      entityId: refer.complaint.id,
      before: null,
      after: { ...refer.complaint, text, findingId: id, status: 'draft' },
    });
    return { id, written: true, changed: [findingPush(row, 'referred')] };
  });
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAudit, type AuditWrite } from '../../db/queries/audit.queries.ts';
import { refreshAssignedPhase } from '../../db/queries/live.queries.ts';
import type { Database } from '../../db/schema.ts';
import { PEOPLE_COLUMNS, type ImportProblem, type ImportResult } from '../../shared/imports.ts';
import { AssignmentKind, REGIONAL_ROLES, Role, Username } from '../../shared/people.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { issueInvitation } from '../auth/invitations.ts';
import { parseCsv } from './csv.ts';

const REQUIRED = ['name', 'role'] as const;
const BATCH = 1000;

interface PlannedPerson {
  row: number;
  name: string;
  role: Role;
  phone: string | null;
  username: string | null;
  regions: string[];
  districts: string[];
  station: { id: number; number: number; kind: AssignmentKind } | null;
}

/** Reads and checks every row against the file itself and the database. */
export async function planPeopleImport(
  db: Kysely<Database>,
  electionId: number | null,
  text: string,
): Promise<{ planned: PlannedPerson[]; problems: ImportProblem[]; rows: number }> {
  const { rows, problems, fatal } = parseCsv(text, PEOPLE_COLUMNS, REQUIRED);
  if (fatal) return { planned: [], problems, rows: rows.length };
  const regionCodes = new Set((await db.selectFrom('regions').select('code').execute()).map((r) => r.code));
  const stations = new Map(
    (
      await db
        .selectFrom('stations')
        .select(['id', 'number'])
        .where('election_id', '=', electionId ?? -1)
        .execute()
    ).map((s) => [s.number, s.id]),
  );
  const seenLogin = new Map<string, number>();
  const seenPrimary = new Map<number, number>();
  const planned: PlannedPerson[] = [];
  for (const { row, values } of rows) {
    const before = problems.length;
    const problem = (column: string, code: ImportProblem['code'], message: string) =>
      problems.push({ row, column, code, message });
    const name = values.name ?? '';
    if (!name) problem('name', 'required', 'name is required');
    else if (name.length > 200) problem('name', 'invalid', 'name is longer than 200 characters');
    const role = Role.safeParse(values.role ?? '');
    if (!values.role) problem('role', 'required', 'role is required');
    else if (!role.success) problem('role', 'invalid', `role is one of ${Role.options.join(', ')}`);
    let phone: string | null = null;
    if (values.phone) {
      phone = normalizePhone(values.phone);
      if (!phone) problem('phone', 'invalid', `"${values.phone}" is not a valid phone number`);
    }
    let username: string | null = null;
    if (values.username) {
      const parsed = Username.safeParse(values.username);
      if (parsed.success) username = parsed.data;
      else problem('username', 'invalid', parsed.error.issues[0]?.message ?? 'invalid username');
    }
    if (!values.phone && !values.username) problem('phone', 'required', 'give a phone or a username');
    for (const [column, login] of [
      ['phone', phone],
      ['username', username],
    ] as const) {
      if (!login) continue;
      const first = seenLogin.get(login);
      if (first !== undefined) problem(column, 'duplicate_in_file', `${login} is also on row ${first}`);
      else seenLogin.set(login, row);
    }
    const regions = (values.regions ?? '')
      .split(/[|,;\s]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    for (const region of regions) {
      if (!regionCodes.has(region)) problem('regions', 'unknown_region', `No region has the code "${region}"`);
    }
    if (role.success && REGIONAL_ROLES.includes(role.data) && regions.length === 0) {
      problem('regions', 'required', `a ${role.data} needs at least one region`);
    }
    // Districts are separated by | (their names may contain spaces and commas).
    const districts = [
      ...new Set(
        (values.districts ?? '')
          .split('|')
          .map((d) => d.trim())
          .filter(Boolean),
      ),
    ];
    if (districts.length > 0 && regions.length === 0) {
      problem('districts', 'invalid', 'districts lie within regions: fill in regions too');
    }
    if (districts.some((d) => d.length > 100))
      problem('districts', 'invalid', 'a district name is longer than 100 characters');
    let station: PlannedPerson['station'] = null;
    if (values.station) {
      const number = Number(values.station);
      const stationId = Number.isInteger(number) ? stations.get(number) : undefined;
      const kind = AssignmentKind.safeParse(values.kind || 'primary');
      if (!kind.success) problem('kind', 'invalid', 'kind is primary or reserve');
      if (stationId === undefined) {
        problem('station', 'unknown_station', `No station ${values.station} in the active election`);
      } else if (role.success && role.data !== 'station_observer') {
        problem('station', 'invalid', 'only station observers are assigned to stations');
      } else if (kind.success) {
        if (kind.data === 'primary') {
          const first = seenPrimary.get(number);
          if (first !== undefined) {
            problem(
              'station',
              'duplicate_in_file',
              `Station ${number} already has its primary observer on row ${first}`,
            );
          } else seenPrimary.set(number, row);
        }
        station = { id: stationId, number, kind: kind.data };
      }
    } else if (values.kind) {
      problem('kind', 'invalid', 'kind without a station');
    }
    if (problems.length > before) continue;
    planned.push({ row, name, role: role.data!, phone, username, regions: [...new Set(regions)], districts, station });
  }
  await checkAgainstDatabase(db, electionId, planned, problems);
  // Row by row, as a person fixes a spreadsheet (the sort is stable within a row).
  problems.sort((a, b) => a.row - b.row);
  return { planned: problems.length ? [] : planned, problems, rows: rows.length };
}

/** Existing people (matched by phone, then username) must keep their role; stations keep one primary. */
async function checkAgainstDatabase(
  db: Kysely<Database>,
  electionId: number | null,
  planned: PlannedPerson[],
  problems: ImportProblem[],
): Promise<void> {
  const existing = await matchExisting(db, planned);
  const primaries = new Map(
    (
      await db
        .selectFrom('assignments as a')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .select(['a.station_id', 'a.person_id', 'p.name', 'p.phone', 'p.username'])
        .where('a.election_id', '=', electionId ?? -1)
        .where('a.kind', '=', 'primary')
        .where('a.ended_at', 'is', null)
        .execute()
    ).map((a) => [a.station_id, a]),
  );
  const fileLogins = new Set(planned.flatMap((p) => [p.phone, p.username].filter(Boolean)));
  for (const p of planned) {
    const match = existing.get(p.row);
    if (match && match.role !== p.role) {
      problems.push({
        row: p.row,
        column: 'role',
        code: 'conflict',
        message: `${match.name} is already a ${match.role}; change a role in the people page, not by import`,
      });
    }
    if (p.station?.kind === 'primary') {
      const holder = primaries.get(p.station.id);
      const holderIsThisPerson = holder && match && holder.person_id === match.id;
      // The holder moves elsewhere in this same file? Then the station is free after the import.
      const holderInFile = holder && (fileLogins.has(holder.phone ?? '') || fileLogins.has(holder.username ?? ''));
      if (holder && !holderIsThisPerson && !holderInFile) {
        problems.push({
          row: p.row,
          column: 'station',
          code: 'conflict',
          message: `Station ${p.station.number} already has a primary observer (${holder.name})`,
        });
      }
    }
  }
}

async function matchExisting(db: Kysely<Database> | Transaction<Database>, planned: PlannedPerson[]) {
  const phones = planned.map((p) => p.phone).filter((x): x is string => x !== null);
  const usernames = planned.map((p) => p.username).filter((x): x is string => x !== null);
  const rows = [];
  for (let i = 0; i < Math.max(phones.length, usernames.length); i += BATCH) {
    const ph = phones.slice(i, i + BATCH);
    const us = usernames.slice(i, i + BATCH);
    rows.push(
      ...(await db
        .selectFrom('people')
        .select(['id', 'name', 'role', 'phone', 'username', 'districts'])
        .where((eb) => eb.or([eb('phone', 'in', ph.length ? ph : ['']), eb('username', 'in', us.length ? us : [''])]))
        .execute()),
    );
  }
  const byPhone = new Map(rows.filter((r) => r.phone).map((r) => [r.phone!, r]));
  const byUsername = new Map(rows.filter((r) => r.username).map((r) => [r.username!, r]));
  const result = new Map<number, (typeof rows)[number]>();
  for (const p of planned) {
    const match = (p.phone && byPhone.get(p.phone)) || (p.username && byUsername.get(p.username));
    if (match) result.set(p.row, match);
  }
  return result;
}

/** Creates or updates everyone and their station in one transaction; a second run changes nothing. */
export async function applyPeopleImport(
  db: Kysely<Database>,
  electionId: number | null,
  planned: PlannedPerson[],
  actor: Omit<AuditWrite, 'action' | 'entityType' | 'entityId'> & { actorId: number },
  invitationTtlDays: number,
): Promise<Pick<ImportResult, 'created' | 'updated' | 'unchanged' | 'invitations'> & { changedStations: number[] }> {
  return db.transaction().execute(async (trx) => {
    const existing = await matchExisting(trx, planned);
    const currentRegions = new Map<number, string[]>();
    const ids = [...existing.values()].map((e) => e.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await trx
        .selectFrom('person_regions')
        .select(['person_id', 'region_code'])
        .where('person_id', 'in', ids.slice(i, i + BATCH))
        .execute();
      for (const r of rows)
        currentRegions.set(r.person_id, [...(currentRegions.get(r.person_id) ?? []), r.region_code]);
    }
    const audit: AuditWrite[] = [];
    const invitations: ImportResult['invitations'] = [];
    const personIdOfRow = new Map<number, number>();
    const toCreate = planned.filter((p) => !existing.has(p.row));
    const changed = new Set<number>();

    for (let i = 0; i < toCreate.length; i += BATCH) {
      const chunk = toCreate.slice(i, i + BATCH);
      const issued = chunk.map(() => issueInvitation(invitationTtlDays));
      const rows = await trx
        .insertInto('people')
        .values(
          chunk.map((p, j) => ({
            name: p.name,
            role: p.role,
            phone: p.phone,
            username: p.username,
            districts: p.districts,
            invitation_hash: issued[j]!.hash,
            invitation_expires_at: issued[j]!.expiresAt,
          })),
        )
        .returning('id')
        .execute();
      rows.forEach((r, j) => {
        const p = chunk[j]!;
        personIdOfRow.set(p.row, r.id);
        invitations.push({
          row: p.row,
          personId: r.id,
          name: p.name,
          login: p.phone ?? p.username!,
          code: issued[j]!.code,
          expiresAt: issued[j]!.expiresAt.toISOString(),
        });
        audit.push({
          ...actor,
          action: 'person.import_create',
          entityType: 'person',
          entityId: r.id,
          after: { name: p.name, role: p.role, phone: p.phone, username: p.username, regions: p.regions },
        });
      });
    }
    const regionRows = toCreate.flatMap((p) =>
      p.regions.map((region_code) => ({ person_id: personIdOfRow.get(p.row)!, region_code })),
    );
    for (let i = 0; i < regionRows.length; i += BATCH) {
      await trx
        .insertInto('person_regions')
        .values(regionRows.slice(i, i + BATCH))
        .execute();
    }

    for (const p of planned) {
      const match = existing.get(p.row);
      if (!match) continue;
      personIdOfRow.set(p.row, match.id);
      const regions = [...(currentRegions.get(match.id) ?? [])].sort();
      const sameRegions = regions.join('|') === [...p.regions].sort().join('|');
      const sameLogin =
        (p.phone === null || p.phone === match.phone) && (p.username === null || p.username === match.username);
      const sameDistricts = [...match.districts].sort().join('|') === [...p.districts].sort().join('|');
      if (match.name === p.name && sameRegions && sameLogin && sameDistricts) continue;
      await trx
        .updateTable('people')
        .set({
          name: p.name,
          districts: p.districts,
          ...(p.phone ? { phone: p.phone } : {}),
          ...(p.username ? { username: p.username } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', match.id)
        .execute();
      if (!sameRegions) {
        await trx.deleteFrom('person_regions').where('person_id', '=', match.id).execute();
        if (p.regions.length) {
          await trx
            .insertInto('person_regions')
            .values(p.regions.map((region_code) => ({ person_id: match.id, region_code })))
            .execute();
        }
      }
      changed.add(p.row);
      audit.push({
        ...actor,
        action: 'person.import_update',
        entityType: 'person',
        entityId: match.id,
        before: { name: match.name, phone: match.phone, username: match.username, regions },
        after: {
          name: p.name,
          phone: p.phone ?? match.phone,
          username: p.username ?? match.username,
          regions: p.regions,
        },
      });
    }

    // Assignments: end what moves, then add what is new (one primary per station stays true throughout).
    const { changedRows: assignmentChanges, stationIds } = await applyAssignments(
      trx,
      electionId,
      planned,
      personIdOfRow,
      actor,
      audit,
    );
    let updated = 0;
    let unchanged = 0;
    for (const p of planned) {
      if (!existing.has(p.row)) continue;
      if (changed.has(p.row) || assignmentChanges.has(p.row)) updated++;
      else unchanged++;
    }
    await writeAudit(trx, audit);
    const changedStations = await refreshAssignedPhase(trx, [...stationIds]);
    return { created: toCreate.length, updated, unchanged, invitations, changedStations };
  });
}

/** Returns the rows whose station changed and every station whose observers changed. */
async function applyAssignments(
  trx: Transaction<Database>,
  electionId: number | null,
  planned: PlannedPerson[],
  personIdOfRow: Map<number, number>,
  actor: Omit<AuditWrite, 'action' | 'entityType' | 'entityId'> & { actorId: number },
  audit: AuditWrite[],
): Promise<{ changedRows: Set<number>; stationIds: Set<number> }> {
  const changedRows = new Set<number>();
  const stationIds = new Set<number>();
  if (electionId === null) return { changedRows, stationIds };
  const withStation = planned.filter((p) => p.station);
  const personIds = withStation.map((p) => personIdOfRow.get(p.row)!);
  const current = [];
  for (let i = 0; i < personIds.length; i += BATCH) {
    current.push(
      ...(await trx
        .selectFrom('assignments')
        .select(['id', 'person_id', 'station_id', 'kind'])
        .where('election_id', '=', electionId)
        .where('ended_at', 'is', null)
        .where('person_id', 'in', personIds.slice(i, i + BATCH))
        .execute()),
    );
  }
  const toEnd: number[] = [];
  const toAdd: { row: number; person_id: number; station_id: number; kind: AssignmentKind }[] = [];
  for (const p of withStation) {
    const personId = personIdOfRow.get(p.row)!;
    const mine = current.filter((a) => a.person_id === personId);
    const same = mine.find((a) => a.station_id === p.station!.id && a.kind === p.station!.kind);
    if (same) continue;
    // Moving: a new primary station ends the old primary; any change ends the old entry at that station.
    for (const a of mine) {
      if ((p.station!.kind === 'primary' && a.kind === 'primary') || a.station_id === p.station!.id) {
        toEnd.push(a.id);
        stationIds.add(a.station_id);
      }
    }
    toAdd.push({ row: p.row, person_id: personId, station_id: p.station!.id, kind: p.station!.kind });
    changedRows.add(p.row);
    stationIds.add(p.station!.id);
  }
  for (let i = 0; i < toEnd.length; i += BATCH) {
    await trx
      .updateTable('assignments')
      .set({ ended_at: sql<Date>`now()`, ended_by: actor.actorId, end_reason: 'moved', end_note: 'import' })
      .where('id', 'in', toEnd.slice(i, i + BATCH))
      .execute();
  }
  for (const id of toEnd)
    audit.push({
      ...actor,
      action: 'assignment.end',
      entityType: 'assignment',
      entityId: id,
      after: { reason: 'moved' },
    });
  for (let i = 0; i < toAdd.length; i += BATCH) {
    const rows = await trx
      .insertInto('assignments')
      .values(
        toAdd.slice(i, i + BATCH).map((a) => ({
          election_id: electionId,
          station_id: a.station_id,
          person_id: a.person_id,
          kind: a.kind,
          assigned_by: actor.actorId,
        })),
      )
      .returning(['id', 'person_id', 'station_id', 'kind'])
      .execute();
    for (const r of rows) {
      audit.push({
        ...actor,
        action: 'assignment.create',
        entityType: 'assignment',
        entityId: r.id,
        after: { personId: r.person_id, stationId: r.station_id, kind: r.kind },
      });
    }
  }
  return { changedRows, stationIds };
}

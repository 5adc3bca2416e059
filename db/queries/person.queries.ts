import { sql, type Kysely, type Transaction } from 'kysely';
import type { AssignmentRef, Person, Role } from '../../shared/people.ts';
import type { Database, NewPersonRow, PersonRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function personRowToPerson(row: PersonRow, regions: string[], assignment: AssignmentRef | null): Person {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    username: row.username,
    phone: row.phone,
    regions,
    districts: row.districts,
    active: row.is_active,
    invitationPending: row.password_hash === null,
    assignment,
  };
}

export async function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By username (case-insensitive) or E.164 phone. */
export async function findPersonByLogin(
  db: Db,
  login: { username?: string | null; phone?: string | null },
): Promise<PersonRow | undefined> {
  if (!login.username && !login.phone) return undefined;
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(login.username ? [eb('username', '=', login.username.toLowerCase())] : []),
        ...(login.phone ? [eb('phone', '=', login.phone)] : []),
      ]),
    )
    .executeTakeFirst();
}

export async function regionsOfPeople(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('person_regions')
    .select(['person_id', 'region_code'])
    .where('person_id', 'in', ids)
    .orderBy('region_code')
    .execute();
  for (const row of rows) map.set(row.person_id, [...(map.get(row.person_id) ?? []), row.region_code]);
  return map;
}

/** Current assignments in an election (primary before reserve) of the given people. */
export async function assignmentsOfPeople(
  db: Db,
  electionId: number | null,
  ids: number[],
): Promise<Map<number, AssignmentRef>> {
  const map = new Map<number, AssignmentRef>();
  if (ids.length === 0 || electionId === null) return map;
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('stations as s', 's.id', 'a.station_id')
    .select(['a.id', 'a.person_id', 'a.station_id', 's.number', 'a.kind'])
    .where('a.election_id', '=', electionId)
    .where('a.person_id', 'in', ids)
    .where('a.ended_at', 'is', null)
    .orderBy('a.kind')
    .execute();
  for (const row of rows) {
    if (!map.has(row.person_id)) {
      map.set(row.person_id, { id: row.id, stationId: row.station_id, stationNumber: row.number, kind: row.kind });
    }
  }
  return map;
}

export async function toPeople(db: Db, electionId: number | null, rows: PersonRow[]): Promise<Person[]> {
  const ids = rows.map((r) => r.id);
  const [regions, assignments] = await Promise.all([
    regionsOfPeople(db, ids),
    assignmentsOfPeople(db, electionId, ids),
  ]);
  return rows.map((row) => personRowToPerson(row, regions.get(row.id) ?? [], assignments.get(row.id) ?? null));
}

export interface PeopleFilter {
  role?: Role | undefined;
  /** Only people working in, or assigned to a station of, one of these regions. */
  regions?: string[] | undefined;
  q?: string | undefined;
  assignment: 'any' | 'assigned' | 'unassigned';
  afterId?: number | undefined;
  /** Just this person (to check they fall within `regions`). */
  id?: number | undefined;
  limit: number;
}

export async function listPeople(
  db: Db,
  electionId: number | null,
  filter: PeopleFilter,
): Promise<{ items: Person[]; hasMore: boolean }> {
  let query = db.selectFrom('people as p').selectAll('p');
  if (filter.role) query = query.where('p.role', '=', filter.role);
  if (filter.regions) {
    const regions = filter.regions;
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('person_regions as pr')
            .select('pr.person_id')
            .whereRef('pr.person_id', '=', 'p.id')
            .where('pr.region_code', 'in', regions),
        ),
        eb.exists(
          eb
            .selectFrom('assignments as a')
            .innerJoin('stations as s', 's.id', 'a.station_id')
            .select('a.id')
            .whereRef('a.person_id', '=', 'p.id')
            .where('a.ended_at', 'is', null)
            .where('a.election_id', '=', electionId ?? -1)
            .where('s.region_code', 'in', regions),
        ),
      ]),
    );
  }
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(p.name)`, 'like', like),
        eb('p.username', 'like', like),
        eb('p.phone', 'like', like.replace(/[\s()-]/g, '')),
      ]),
    );
  }
  if (filter.assignment !== 'any') {
    query = query.where((eb) => {
      const current = eb.exists(
        eb
          .selectFrom('assignments as a')
          .select('a.id')
          .whereRef('a.person_id', '=', 'p.id')
          .where('a.ended_at', 'is', null)
          .where('a.election_id', '=', electionId ?? -1),
      );
      return filter.assignment === 'assigned' ? current : eb.not(current);
    });
  }
  if (filter.afterId !== undefined) query = query.where('p.id', '>', filter.afterId);
  if (filter.id !== undefined) query = query.where('p.id', '=', filter.id);
  const rows = await query
    .orderBy('p.id')
    .limit(filter.limit + 1)
    .execute();
  const hasMore = rows.length > filter.limit;
  return { items: await toPeople(db, electionId, rows.slice(0, filter.limit)), hasMore };
}

export async function insertPerson(db: Db, row: NewPersonRow, regions: string[]): Promise<PersonRow> {
  const person = await db.insertInto('people').values(row).returningAll().executeTakeFirstOrThrow();
  if (regions.length > 0) {
    await db
      .insertInto('person_regions')
      .values(regions.map((region_code) => ({ person_id: person.id, region_code })))
      .execute();
  }
  return person;
}

export async function setPersonRegions(db: Db, personId: number, regions: string[]): Promise<void> {
  await db.deleteFrom('person_regions').where('person_id', '=', personId).execute();
  if (regions.length > 0) {
    await db
      .insertInto('person_regions')
      .values(regions.map((region_code) => ({ person_id: personId, region_code })))
      .execute();
  }
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'hq_admin')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return row.n;
}

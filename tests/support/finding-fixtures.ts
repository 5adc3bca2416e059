import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { searchVector } from '../../db/queries/finding.queries.ts';
import type { Database } from '../../db/schema.ts';
import type { FindingSource, FindingStatus, NewFinding } from '../../shared/findings.ts';
import type { Role } from '../../shared/people.ts';

/** Another person with the demo password (the hash is copied from the demo `lto` account). */
export async function addPerson(
  db: Kysely<Database>,
  person: { username: string; role: Role; regions: string[]; name?: string },
): Promise<number> {
  const { password_hash } = await db
    .selectFrom('people')
    .select('password_hash')
    .where('username', '=', 'lto')
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('people')
    .values({ name: person.name ?? person.username, role: person.role, username: person.username, password_hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (person.regions.length > 0)
    await db
      .insertInto('person_regions')
      .values(person.regions.map((region_code) => ({ person_id: id, region_code })))
      .execute();
  return id;
}

/** A finding as a long-term observer's phone sends it (Astana, employer pressure). */
export function newFinding(overrides: Partial<NewFinding> = {}): NewFinding {
  return {
    id: randomUUID(),
    categoryCode: 'employer_pressure',
    region: 'astana',
    locality: 'Астана, Есіл ауданы',
    stationId: null,
    place: 'Мектеп №45',
    position: null,
    occurredOn: '2026-11-10',
    occurredTime: null,
    title: 'Мұғалімдерге дауыс беру туралы қысым',
    description: 'Директор мұғалімдерге жиналыста сайлауға баруды және фотоесеп жіберуді міндеттеді.',
    involved: ['school'],
    involvedNote: 'Мектеп әкімшілігі',
    sources: [{ kind: 'witness', note: 'Екі мұғалім', url: null }],
    confidence: 'medium',
    ...overrides,
  };
}

/** What a fixture says of a finding; the rest is filled in as an observer would leave it. */
export interface FindingFixture {
  electionId: number;
  authorId: number;
  region: string;
  categoryCode: string;
  occurredOn: string;
  status?: FindingStatus;
  title?: string;
  description?: string;
  locality?: string;
  sources?: FindingSource[];
  mergedInto?: string;
  lat?: number;
  lng?: number;
}

/** A finding's row with the same columns and search vector the API writes (fixtures and the bench). */
export function findingRow(values: FindingFixture) {
  const title = values.title ?? `Finding ${values.categoryCode} ${values.occurredOn}`;
  const description = values.description ?? 'Described in the fixture';
  const locality = values.locality ?? values.region;
  const sources = values.sources ?? [{ kind: 'own_observation', note: '', url: null }];
  return {
    id: randomUUID(),
    election_id: values.electionId,
    region_code: values.region,
    locality,
    station_id: null,
    category_code: values.categoryCode,
    place: '',
    lat: values.lat ?? null,
    lng: values.lng ?? null,
    occurred_on: values.occurredOn,
    occurred_time: null,
    title,
    description,
    involved: [],
    involved_note: '',
    sources: JSON.stringify(sources),
    confidence: 'medium' as const,
    status: values.status ?? 'new',
    author_id: values.authorId,
    merged_into_id: values.mergedInto ?? null,
    search_vector: searchVector({ title, description, locality, place: '', involvedNote: '', sources }),
  };
}

/** Straight into the database, for the views' fixtures (counts by week, region and category). */
export async function insertFinding(db: Kysely<Database>, values: FindingFixture): Promise<string> {
  const row = findingRow(values);
  await db.insertInto('findings').values(row).execute();
  return row.id;
}

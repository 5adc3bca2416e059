import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Act, ViolationChange, ViolationChangeEnvelope } from '../../shared/violations.ts';

/** Minutes before now as an ISO time (election day is "today" in the demo seed, since 06:00 local at least). */
export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** The first step of a new violation; override the category, time or anything else. */
export function noticed(
  station: { id: number; electionId: number },
  overrides: Partial<Extract<ViolationChange, { kind: 'noticed' }>> = {},
): ViolationChangeEnvelope {
  return {
    id: randomUUID(),
    violationId: randomUUID(),
    stationId: station.id,
    electionId: station.electionId,
    deviceTime: new Date().toISOString(),
    change: {
      kind: 'noticed',
      categoryCode: 'voting.multiple_ballots',
      observedAt: minutesAgo(5),
      description: 'Two ballots were handed to one voter at the second table',
      involved: ['member'],
      ...overrides,
    },
  };
}

/** A later step of the same violation (new change id). */
export function step(first: ViolationChangeEnvelope, change: ViolationChange): ViolationChangeEnvelope {
  return { ...first, id: randomUUID(), deviceTime: new Date().toISOString(), change };
}

/** An act the chair refused to sign: the refusal written on it, two others signing instead. */
export function refusedAct(overrides: Partial<Act> = {}): Act {
  return {
    text: 'At 10:40 the member at table 2 handed two ballots to one voter. The chair refused to sign.',
    copies: ['observer', 'commission', 'organisation'],
    coSigners: [
      { name: 'Дана Исаева', role: 'observer' },
      { name: 'Ержан Бекова', role: 'proxy' },
    ],
    chairSignature: 'refused',
    secretarySignature: 'absent',
    refusalNote: 'The chair said the observer has no right to write acts',
    ...overrides,
  };
}

/** A demo station of a region with its primary observer's login (`obs-<n>`). */
export async function observedStation(
  db: Kysely<Database>,
  region: string,
  skip = 0,
): Promise<{ id: number; number: number; electionId: number; region: string; username: string }> {
  const row = await db
    .selectFrom('stations as s')
    .innerJoin('elections as e', 'e.id', 's.election_id')
    .innerJoin('assignments as a', 'a.station_id', 's.id')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['s.id', 's.number', 's.election_id', 's.region_code', 'p.username'])
    .where('e.is_active', '=', true)
    .where('s.region_code', '=', region)
    .where('a.kind', '=', 'primary')
    .where('a.ended_at', 'is', null)
    .where('p.username', 'like', 'obs-%')
    .orderBy('s.number')
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    number: row.number,
    electionId: row.election_id,
    region: row.region_code,
    username: row.username!,
  };
}

export async function countRows(db: Kysely<Database>, table: 'violations' | 'violation_changes'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import type { Kysely } from 'kysely';
import { ensureStationStatus } from '../../db/queries/live.queries.ts';
import { writeTally } from '../../db/queries/protocol.queries.ts';
import type { Database } from '../../db/schema.ts';
import { localDate } from '../../shared/geo.ts';
import type { OfficialFigures } from '../../shared/protocols.ts';

/**
 * A small election for the results tests, counted by hand: 3 regions, 7 stations, a ballot of
 * three candidates and "against all". It replaces the demo election as the active one, so the
 * tabulation covers these 7 stations only.
 */
export const SMALL_STATIONS = [
  { number: 101, region: 'astana', registered: 1000 },
  { number: 102, region: 'astana', registered: 800 },
  { number: 201, region: 'almaty-city', registered: 1200 },
  { number: 202, region: 'almaty-city', registered: 900 },
  { number: 203, region: 'almaty-city', registered: 700 },
  { number: 301, region: 'shymkent', registered: 1500 },
  { number: 302, region: 'shymkent', registered: 600 },
] as const;
export type SmallStationNumber = (typeof SMALL_STATIONS)[number]['number'];

/** Ballot positions 1..4; inserted out of order so that ballot order is not insertion order. */
const BALLOT = [
  { position: 3, kind: 'candidate', name: 'Сапаров Сапар' },
  { position: 1, kind: 'candidate', name: 'Әлиев Әли' },
  { position: 4, kind: 'against_all', name: 'Барлығына қарсы' },
  { position: 2, kind: 'candidate', name: 'Бекова Бибігүл' },
] as const;

export interface SmallElection {
  electionId: number;
  /** Option ids by ballot position (1-based). */
  option: Record<1 | 2 | 3 | 4, number>;
  station: Record<SmallStationNumber, number>;
  region: Record<SmallStationNumber, string>;
}

export async function createSmallElection(db: Kysely<Database>): Promise<SmallElection> {
  await db.updateTable('elections').set({ is_active: false }).where('is_active', '=', true).execute();
  const { id: electionId } = await db
    .insertInto('elections')
    .values({
      kind: 'presidential',
      name_kk: 'Сынақ сайлауы',
      name_ru: 'Тестовые выборы',
      name_en: 'Test election',
      voting_date: localDate(new Date()),
      status: 'counting',
      is_active: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const option = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const o of BALLOT) {
    const row = await db
      .insertInto('ballot_options')
      .values({
        election_id: electionId,
        position: o.position,
        kind: o.kind,
        name_kk: o.name,
        name_ru: `${o.name} (ru)`,
        name_en: `${o.name} (en)`,
        affiliation: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    option[o.position] = row.id;
  }
  const rows = await db
    .insertInto('stations')
    .values(
      SMALL_STATIONS.map((s) => ({
        election_id: electionId,
        number: s.number,
        region_code: s.region,
        district: 'Test',
        locality: 'Test',
        address: `Test street ${s.number}`,
        building: `School ${s.number}`,
        building_kind: 'school',
        lat: 43.2,
        lng: 76.9,
        registered_voters: s.registered,
        commission_size: 7,
      })),
    )
    .returning(['id', 'number'])
    .execute();
  await ensureStationStatus(db, electionId);
  const byNumber = new Map(rows.map((r) => [r.number, r.id]));
  const station = Object.fromEntries(SMALL_STATIONS.map((s) => [s.number, byNumber.get(s.number)!]));
  const region = Object.fromEntries(SMALL_STATIONS.map((s) => [s.number, s.region]));
  return {
    electionId,
    option,
    station: station as SmallElection['station'],
    region: region as SmallElection['region'],
  };
}

/** Figures in the protocol's order; votes by ballot position 1..4. */
export function figures(
  e: SmallElection,
  f: {
    registered: number;
    received: number;
    inside: number;
    outside: number;
    requests: number;
    cancelled: number;
    fixed: number;
    portable: number;
    invalid: number;
    votes: [number, number, number, number];
  },
): OfficialFigures {
  return {
    registeredVoters: f.registered,
    ballotsReceived: f.received,
    ballotsIssuedInside: f.inside,
    ballotsIssuedOutside: f.outside,
    outsideRequests: f.requests,
    ballotsCancelled: f.cancelled,
    fixedBoxBallots: f.fixed,
    portableBoxBallots: f.portable,
    invalidBallots: f.invalid,
    votes: f.votes.map((votes, i) => ({ optionId: e.option[(i + 1) as 1 | 2 | 3 | 4], votes })),
  };
}

/**
 * A station's verified protocol as the tabulation stores it: the station's protocol row at version
 * 1 (state `verified`, as the double-entry work leaves it) and its `verified` tally.
 */
export async function putVerified(
  db: Kysely<Database>,
  e: SmallElection,
  number: SmallStationNumber,
  f: OfficialFigures,
): Promise<void> {
  const stationId = e.station[number];
  const place = { stationId, electionId: e.electionId, region: e.region[number] };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('station_protocols')
      .values({
        station_id: stationId,
        election_id: e.electionId,
        region_code: place.region,
        state: 'verified',
        status: 'verified',
        verified_version: 1,
      })
      .execute();
    await trx
      .updateTable('station_status')
      .set({ protocol_state: 'verified' })
      .where('station_id', '=', stationId)
      .execute();
    await writeTally(trx, place, 'verified', f);
  });
}

/** The observer's copy only (no verified version yet): its `received` tally. */
export async function putReceived(
  db: Kysely<Database>,
  e: SmallElection,
  number: SmallStationNumber,
  f: OfficialFigures,
): Promise<void> {
  await writeTally(
    db,
    { stationId: e.station[number], electionId: e.electionId, region: e.region[number] },
    'received',
    f,
  );
}

/**
 * The copies of the hand-counted election (votes by ballot position 1, 2, 3, 4 = against all):
 *
 * | station | region      | copy             | reg  | in boxes (fixed+portable) | issued (in+out) | invalid | votes            |
 * |---------|-------------|------------------|------|---------------------------|-----------------|---------|------------------|
 * | 101     | astana      | verified         | 1000 | 590 + 20                  | 600 + 20        | 10      | 300 200  80 20   |
 * | 102     | astana      | received only    |  800 | 400 + 0                   | 400 + 0         |  5      | 100 250  40  5   |
 * | 201     | almaty-city | verified         | 1200 | 700 + 0                   | 700 + 0         | 20      | 200 400  60 20   |
 * | 201     | almaty-city | received too     | 1200 | 700 + 0                   | 700 + 0         | 20      | 210 390  60 20   |
 * | 202     | almaty-city | verified         |  900 | 450 + 30                  | 450 + 30        |  0      | 150 250  50 30   |
 * | 203     | almaty-city | nothing          |      |                           |                 |         |                  |
 * | 301     | shymkent    | verified         | 1500 | 900 + 50                  | 900 + 50        | 15      | 500 300 100 35   |
 * | 302     | shymkent    | received only    |  600 | 300 + 0                   | 300 + 0         |  3      |  97 150  40 10   |
 */
export async function seedCopies(db: Kysely<Database>, e: SmallElection): Promise<void> {
  await putVerified(db, e, 101, figures(e, COPIES[101]));
  await putReceived(db, e, 102, figures(e, COPIES[102]));
  await putVerified(db, e, 201, figures(e, COPIES[201]));
  await putReceived(db, e, 201, figures(e, { ...COPIES[201], votes: [210, 390, 60, 20] }));
  await putVerified(db, e, 202, figures(e, COPIES[202]));
  await putVerified(db, e, 301, figures(e, COPIES[301]));
  await putReceived(db, e, 302, figures(e, COPIES[302]));
}

export const COPIES = {
  101: {
    registered: 1000,
    received: 1010,
    inside: 600,
    outside: 20,
    requests: 25,
    cancelled: 390,
    fixed: 590,
    portable: 20,
    invalid: 10,
    votes: [300, 200, 80, 20],
  },
  102: {
    registered: 800,
    received: 808,
    inside: 400,
    outside: 0,
    requests: 0,
    cancelled: 408,
    fixed: 400,
    portable: 0,
    invalid: 5,
    votes: [100, 250, 40, 5],
  },
  201: {
    registered: 1200,
    received: 1212,
    inside: 700,
    outside: 0,
    requests: 0,
    cancelled: 512,
    fixed: 700,
    portable: 0,
    invalid: 20,
    votes: [200, 400, 60, 20],
  },
  202: {
    registered: 900,
    received: 909,
    inside: 450,
    outside: 30,
    requests: 30,
    cancelled: 429,
    fixed: 450,
    portable: 30,
    invalid: 0,
    votes: [150, 250, 50, 30],
  },
  301: {
    registered: 1500,
    received: 1515,
    inside: 900,
    outside: 50,
    requests: 60,
    cancelled: 565,
    fixed: 900,
    portable: 50,
    invalid: 15,
    votes: [500, 300, 100, 35],
  },
  302: {
    registered: 600,
    received: 606,
    inside: 300,
    outside: 0,
    requests: 0,
    cancelled: 306,
    fixed: 300,
    portable: 0,
    invalid: 3,
    votes: [97, 150, 40, 10],
  },
} satisfies Partial<Record<SmallStationNumber, Parameters<typeof figures>[1]>>;

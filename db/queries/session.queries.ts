import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PersonRow, SessionRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(
  db: Db,
  session: {
    personId: number;
    tokenHash: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<SessionRow> {
  return db
    .insertInto('sessions')
    .values({
      person_id: session.personId,
      token_hash: session.tokenHash,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A live session (not expired, not revoked) of an active person. */
export async function findLiveSession(
  db: Db,
  tokenHash: string,
): Promise<{ session: SessionRow; person: PersonRow } | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .selectAll('p')
    .select([
      's.id as session_id',
      's.token_hash',
      's.csrf_token',
      's.created_at as session_created_at',
      's.expires_at',
      's.revoked_at',
      's.ip',
      's.user_agent',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('p.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, token_hash, csrf_token, session_created_at, expires_at, revoked_at, ip, user_agent, ...person } =
    row;
  return {
    session: {
      id: session_id,
      person_id: person.id,
      token_hash,
      csrf_token,
      created_at: session_created_at,
      expires_at,
      revoked_at,
      ip,
      user_agent,
    },
    person,
  };
}

export async function revokeSession(db: Db, sessionId: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a person; returns how many there were. */
export async function revokeSessionsOfPerson(db: Db, personId: number): Promise<number> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .execute();
  return rows.length;
}

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

export async function getThrottle(db: Db, login: string): Promise<ThrottleState> {
  const row = await db.selectFrom('login_throttle').selectAll().where('login', '=', login).executeTakeFirst();
  return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
}

/**
 * Counts a failed sign-in within a sliding window; at `maxFailures` the login is locked for
 * `lockSeconds`. One statement, so two phones guessing at once cannot both slip under the limit.
 */
export async function recordLoginFailure(
  db: Db,
  login: string,
  options: { windowSeconds: number; maxFailures: number; lockSeconds: number },
): Promise<ThrottleState> {
  const row = await db
    .insertInto('login_throttle')
    .values({ login, failures: 1 })
    .onConflict((oc) =>
      oc.column('login').doUpdateSet({
        failures: sql`case when login_throttle.window_started_at < now() - make_interval(secs => ${options.windowSeconds})
          then 1 else login_throttle.failures + 1 end`,
        window_started_at: sql`case when login_throttle.window_started_at < now() - make_interval(secs => ${options.windowSeconds})
          then now() else login_throttle.window_started_at end`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (row.failures >= options.maxFailures) {
    const locked = await db
      .updateTable('login_throttle')
      .set({
        locked_until: sql`now() + make_interval(secs => ${options.lockSeconds})`,
        failures: 0,
        window_started_at: sql`now()`,
      })
      .where('login', '=', login)
      .returning('locked_until')
      .executeTakeFirstOrThrow();
    return { failures: row.failures, lockedUntil: locked.locked_until };
  }
  return { failures: row.failures, lockedUntil: row.locked_until };
}

export async function clearLoginFailures(db: Db, login: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('login', '=', login).execute();
}

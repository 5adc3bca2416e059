import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { takeSeqs } from '../../db/queries/live.queries.ts';
import { refreshStationViolations } from '../../db/queries/violation.queries.ts';
import type { Database } from '../../db/schema.ts';
import { HQ_TRANSITIONS, type ViolationStatus, type ViolationTransition } from '../../shared/violations.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';

/**
 * HQ's and the legal team's moves: hand to the lawyers, close with a reason, reopen. Each is a
 * step in the violation's change log and a line in the audit log, in one transaction. Returns the
 * stations whose open count changed. The caller has checked the violation is in its scope.
 */
export async function transitionViolation(
  db: Kysely<Database>,
  auth: Auth,
  ip: string,
  id: string,
  move: ViolationTransition,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const [seq] = await takeSeqs(trx, 1);
    const row = await trx
      .selectFrom('violations')
      .select(['status', 'station_id', 'act', 'closed_reason', 'closed_note'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such violation');
    if (!HQ_TRANSITIONS[move.to].includes(row.status))
      throw new ConflictError(`A violation that is ${row.status} cannot move to ${move.to}`, [
        { path: 'to', message: `allowed from ${HQ_TRANSITIONS[move.to].join(', ')}` },
      ]);
    // Reopened: back with the lawyers when a complaint was opened, else where the field left it
    // (a written act stays the strongest step).
    const complaints =
      move.to === 'reopen'
        ? Number(
            (
              await trx
                .selectFrom('complaints')
                .select((eb) => eb.fn.countAll().as('n'))
                .where('violation_id', '=', id)
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0;
    const reopened: ViolationStatus = complaints > 0 ? 'with_legal' : row.act ? 'act_filed' : 'reported';
    const status: ViolationStatus = move.to === 'reopen' ? reopened : move.to === 'closed' ? 'closed' : 'with_legal';
    const closing = move.to === 'closed' ? { reason: move.reason, note: move.note ?? null } : null;
    await trx
      .updateTable('violations')
      .set({
        status,
        closed_reason: closing?.reason ?? null,
        closed_note: closing?.note ?? null,
        updated_at: new Date(),
        seq: seq!,
      })
      .where('id', '=', id)
      .execute();
    const body = JSON.stringify(move);
    await trx
      .insertInto('violation_changes')
      .values({
        id: randomUUID(),
        violation_id: id,
        kind: move.to,
        body,
        content_hash: createHash('sha256').update(body).digest('hex'),
        person_id: auth.user.id,
        device_time: null,
        received_at: sql<Date>`clock_timestamp()`,
      })
      .execute();
    await writeAudit(trx, {
      actorId: auth.user.id,
      actorRole: auth.user.role,
      ip,
      action: `violation.${move.to}`,
      entityType: 'violation',
      entityId: id,
      before: { status: row.status, closedReason: row.closed_reason, closedNote: row.closed_note },
      after: {
        status,
        closedReason: closing?.reason ?? null,
        closedNote: closing?.note ?? null,
        note: move.note ?? null,
      },
    });
    return refreshStationViolations(trx, [row.station_id]);
  });
}

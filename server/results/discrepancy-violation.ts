import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { writeAudit } from '../../db/queries/audit.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import { takeSeqs } from '../../db/queries/live.queries.ts';
import { loadBallot, loadCopiesAndOfficial } from '../../db/queries/results.queries.ts';
import { refreshStationViolations } from '../../db/queries/violation.queries.ts';
import type { BallotOption } from '../../shared/elections.ts';
import { officialDifferences, type OfficialDifference } from '../../shared/protocols.ts';
import type { DiscrepancyViolation } from '../../shared/results.ts';
import { statusAfter, type ViolationChange } from '../../shared/violations.ts';
import { assertStationVisible } from '../auth/scope.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Auth } from '../plugins/auth.ts';
import { changeHash, publishViolations } from '../violations/violation-writer.ts';

/** The catalogue's ground for an official result that differs from the observer's certified copy. */
export const DISCREPANCY_CATEGORY = 'counting.protocol_figures_differ';

/**
 * The description is written in Russian: it is what the legal team cites in a complaint to a court
 * or the prosecutor, and the violations export already gives grounds in Russian (`category_title_ru`).
 */
const FIGURE_LABELS_RU: Record<string, string> = {
  registeredVoters: 'Число избирателей в списке',
  ballotsReceived: 'Бюллетеней получено участковой комиссией',
  ballotsIssuedInside: 'Бюллетеней выдано в помещении для голосования',
  ballotsIssuedOutside: 'Бюллетеней выдано вне помещения для голосования',
  outsideRequests: 'Заявлений о голосовании вне помещения',
  ballotsCancelled: 'Погашено неиспользованных бюллетеней',
  fixedBoxBallots: 'Бюллетеней в стационарном ящике',
  portableBoxBallots: 'Бюллетеней в переносных ящиках',
  invalidBallots: 'Недействительных бюллетеней',
};

function figureLabel(key: string, options: BallotOption[]): string {
  const label = FIGURE_LABELS_RU[key];
  if (label) return label;
  const option = options.find((o) => `votes.${o.id}` === key);
  return option ? `Голосов за «${option.name.ru}» (№ ${option.position} в бюллетене)` : key;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Every differing figure with the copy's value, the official one and the difference. */
export function discrepancyDescription(
  stationNumber: number,
  differences: OfficialDifference[],
  options: BallotOption[],
): string {
  return [
    `Официальные итоги по избирательному участку № ${stationNumber} расходятся с заверенной копией протокола, полученной наблюдателем (проверенная версия).`,
    'Показатель: по копии → по официальным данным (разница):',
    ...differences.map((d) => `— ${figureLabel(d.key, options)}: ${d.copy} → ${d.official} (${signed(d.diff)})`),
  ].join('\n');
}

/**
 * One click: the station's official discrepancy becomes a violation (ground
 * `counting.protocol_figures_differ`, counting phase) reported by the caller, in the transaction
 * that links it to the station's protocol. A repeat, under the same id or another, answers the
 * violation already made. Written as the observer's `noticed` step is (the violation row, its
 * change log entry, the station's open count), then pushed to the queue after the commit.
 */
export async function reportDiscrepancy(
  app: FastifyInstance,
  auth: Auth,
  ip: string,
  stationId: number,
  violationId: string,
): Promise<DiscrepancyViolation> {
  const { db } = app;
  const electionId = await findActiveElectionId(db);
  const station = await db
    .selectFrom('stations')
    .select(['id', 'number', 'election_id', 'region_code'])
    .where('id', '=', stationId)
    .where('election_id', '=', electionId ?? -1)
    .executeTakeFirst();
  if (!station) throw new NotFoundError('No such station in the active election');
  await assertStationVisible(db, auth, {
    id: station.id,
    electionId: station.election_id,
    region: station.region_code,
  });

  const outcome = await db.transaction().execute(async (trx) => {
    // The change lock orders this with other clicks on the same station: the second sees the first.
    const [seq] = await takeSeqs(trx, 1);
    const protocol = await trx
      .selectFrom('station_protocols')
      .select(['discrepancy_violation_id'])
      .where('station_id', '=', station.id)
      .executeTakeFirst();
    if (protocol?.discrepancy_violation_id)
      return { violationId: protocol.discrepancy_violation_id, created: false, stations: [] };

    const [pair] = await loadCopiesAndOfficial(trx, station.election_id, { regions: null, stationId: station.id });
    const differences = pair?.copy && pair.official ? officialDifferences(pair.copy, pair.official) : [];
    if (!protocol || differences.length === 0)
      throw new ConflictError('The official figures of this station do not differ from a verified copy');

    const taken = await trx.selectFrom('violations').select('id').where('id', '=', violationId).executeTakeFirst();
    if (taken)
      throw new ConflictError('Another violation already has this id', [{ path: 'id', message: 'already in use' }]);
    const category = await trx
      .selectFrom('violation_categories')
      .select(['severity'])
      .where('code', '=', DISCREPANCY_CATEGORY)
      .executeTakeFirstOrThrow();

    const now = new Date();
    const change: ViolationChange = {
      kind: 'noticed',
      categoryCode: DISCREPANCY_CATEGORY,
      observedAt: now.toISOString(),
      description: discrepancyDescription(station.number, differences, await loadBallot(trx, station.election_id)),
      involved: [],
    };
    const envelope = {
      id: randomUUID(),
      violationId,
      stationId: station.id,
      electionId: station.election_id,
      deviceTime: now.toISOString(),
      change,
    };
    await trx
      .insertInto('violations')
      .values({
        id: violationId,
        election_id: station.election_id,
        station_id: station.id,
        region_code: station.region_code,
        category_code: DISCREPANCY_CATEGORY,
        other_text: null,
        severity: category.severity,
        status: statusAfter(null, change),
        observed_at: now,
        description: change.description,
        involved: [],
        reporter_id: auth.user.id,
        created_at: now,
        updated_at: now,
        seq: seq!,
      })
      .execute();
    await trx
      .insertInto('violation_changes')
      .values({
        id: envelope.id,
        violation_id: violationId,
        kind: change.kind,
        body: JSON.stringify(change),
        content_hash: changeHash(envelope),
        person_id: auth.user.id,
        device_time: null,
        received_at: sql<Date>`clock_timestamp()`,
      })
      .execute();
    await trx
      .updateTable('station_protocols')
      .set({ discrepancy_violation_id: violationId, updated_at: now })
      .where('station_id', '=', station.id)
      .execute();
    const stations = await refreshStationViolations(trx, [station.id]);
    await writeAudit(trx, {
      actorId: auth.user.id,
      actorRole: auth.user.role,
      ip,
      action: 'official_results.violation',
      entityType: 'violation',
      entityId: violationId,
      after: { stationId: station.id, categoryCode: DISCREPANCY_CATEGORY, differences },
    });
    return { violationId, created: true, stations };
  });
  if (outcome.created) await publishViolations(app, [outcome.violationId], outcome.stations);
  return { violationId: outcome.violationId, created: outcome.created };
}

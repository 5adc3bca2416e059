import type { Kysely } from 'kysely';
import { writeAudit, type AuditWrite } from '../../db/queries/audit.queries.ts';
import type { Database, NewStationRow } from '../../db/schema.ts';
import { KAZAKHSTAN_BOUNDS } from '../../shared/geo.ts';
import { STATION_COLUMNS, type ImportProblem, type ImportResult } from '../../shared/imports.ts';
import {
  ACCESSIBILITY_FEATURES,
  BuildingKind,
  MAX_REGISTERED_VOTERS,
  type AccessibilityFeature,
} from '../../shared/stations.ts';
import { parseCsv } from './csv.ts';

const REQUIRED = ['number', 'region', 'address', 'lat', 'lng', 'registered_voters'] as const;
const BATCH = 1000;

type Planned = Omit<NewStationRow, 'election_id'> & { row: number };

/** Reads and checks every row; returns the rows to write and every problem found. */
export async function planStationImport(
  db: Kysely<Database>,
  text: string,
): Promise<{ planned: Planned[]; problems: ImportProblem[]; rows: number }> {
  const { rows, problems, fatal } = parseCsv(text, STATION_COLUMNS, REQUIRED);
  if (fatal) return { planned: [], problems, rows: rows.length };
  const regions = new Set((await db.selectFrom('regions').select('code').execute()).map((r) => r.code));
  const seen = new Map<number, number>();
  const planned: Planned[] = [];
  for (const { row, values } of rows) {
    const before = problems.length;
    const problem = (column: string, code: ImportProblem['code'], message: string) =>
      problems.push({ row, column, code, message });
    const int = (column: string, min: number, max: number): number | null => {
      const raw = values[column] ?? '';
      if (raw === '') {
        problem(column, 'required', `${column} is required`);
        return null;
      }
      const n = Number(raw.replace(/\s/g, ''));
      if (!Number.isInteger(n) || n < min || n > max) {
        problem(column, 'invalid', `${column} must be a whole number from ${min} to ${max}, not "${raw}"`);
        return null;
      }
      return n;
    };
    const coordinate = (column: 'lat' | 'lng', min: number, max: number): number | null => {
      const raw = (values[column] ?? '').replace(',', '.');
      if (raw === '') {
        problem(column, 'required', `${column} is required`);
        return null;
      }
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max) {
        problem(
          column,
          'invalid',
          `${column} must be a number from ${min} to ${max} (inside Kazakhstan), not "${raw}"`,
        );
        return null;
      }
      return n;
    };
    const number = int('number', 1, 99_999);
    if (number !== null) {
      const first = seen.get(number);
      if (first !== undefined) problem('number', 'duplicate_in_file', `Station ${number} is also on row ${first}`);
      else seen.set(number, row);
    }
    const region = values.region ?? '';
    if (region === '') problem('region', 'required', 'region is required');
    else if (!regions.has(region)) problem('region', 'unknown_region', `No region has the code "${region}"`);
    const address = values.address ?? '';
    if (address === '') problem('address', 'required', 'address is required');
    const lat = coordinate('lat', KAZAKHSTAN_BOUNDS.south, KAZAKHSTAN_BOUNDS.north);
    const lng = coordinate('lng', KAZAKHSTAN_BOUNDS.west, KAZAKHSTAN_BOUNDS.east);
    const voters = int('registered_voters', 0, MAX_REGISTERED_VOTERS);
    const buildingKind = BuildingKind.safeParse(values.building_kind || 'school');
    if (!buildingKind.success) {
      problem('building_kind', 'invalid', `building_kind is one of ${BuildingKind.options.join(', ')}`);
    }
    let commission: number | null = null;
    if (values.commission_size) {
      commission = int('commission_size', 5, 11);
      if (commission !== null && voters !== null) {
        const [min, max] = voters > 2000 ? [7, 11] : [5, 7];
        if (commission < min || commission > max) {
          problem('commission_size', 'invalid', `A station of ${voters} voters has ${min}-${max} commission members`);
        }
      }
    }
    const accessibility = (values.accessibility ?? '')
      .split(/[|;]/)
      .map((a) => a.trim())
      .filter(Boolean);
    const unknownFeature = accessibility.find((a) => !(ACCESSIBILITY_FEATURES as readonly string[]).includes(a));
    if (unknownFeature) {
      problem('accessibility', 'invalid', `Unknown accessibility item "${unknownFeature}" (separate items with |)`);
    }
    if (problems.length > before) continue;
    planned.push({
      row,
      number: number!,
      region_code: region,
      district: values.district ?? '',
      locality: values.locality ?? '',
      address,
      building: values.building ?? '',
      building_kind: buildingKind.data!,
      lat: lat!,
      lng: lng!,
      registered_voters: voters!,
      commission_size: commission ?? (voters! > 2000 ? 9 : 6),
      accessibility: [...new Set(accessibility)] as AccessibilityFeature[],
    });
  }
  return { planned, problems, rows: rows.length };
}

const COMPARED = [
  'region_code',
  'district',
  'locality',
  'address',
  'building',
  'building_kind',
  'lat',
  'lng',
  'registered_voters',
  'commission_size',
] as const;

/** Upserts on the station number in one transaction: running the same file twice changes nothing. */
export async function applyStationImport(
  db: Kysely<Database>,
  electionId: number,
  planned: Planned[],
  actor: Omit<AuditWrite, 'action' | 'entityType' | 'entityId'>,
): Promise<Pick<ImportResult, 'created' | 'updated' | 'unchanged'>> {
  return db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('stations').selectAll().where('election_id', '=', electionId).execute()).map((s) => [
        s.number,
        s,
      ]),
    );
    const toInsert: NewStationRow[] = [];
    const toUpdate: Planned[] = [];
    let unchanged = 0;
    const audit: AuditWrite[] = [];
    for (const p of planned) {
      const current = existing.get(p.number);
      if (!current) {
        toInsert.push({ ...withoutRow(p), election_id: electionId });
        continue;
      }
      const same =
        COMPARED.every((k) => current[k] === p[k]) &&
        [...current.accessibility].sort().join('|') === [...(p.accessibility ?? [])].sort().join('|');
      if (same) unchanged++;
      else toUpdate.push(p);
    }
    for (let i = 0; i < toInsert.length; i += BATCH) {
      const rows = await trx
        .insertInto('stations')
        .values(toInsert.slice(i, i + BATCH))
        .returning(['id', 'number'])
        .execute();
      for (const r of rows)
        audit.push({
          ...actor,
          action: 'station.import_create',
          entityType: 'station',
          entityId: r.id,
          after: { number: r.number },
        });
    }
    for (let i = 0; i < toUpdate.length; i += BATCH) {
      const rows = await trx
        .insertInto('stations')
        .values(toUpdate.slice(i, i + BATCH).map((p) => ({ ...withoutRow(p), election_id: electionId })))
        .onConflict((oc) =>
          oc.columns(['election_id', 'number']).doUpdateSet((eb) => ({
            region_code: eb.ref('excluded.region_code'),
            district: eb.ref('excluded.district'),
            locality: eb.ref('excluded.locality'),
            address: eb.ref('excluded.address'),
            building: eb.ref('excluded.building'),
            building_kind: eb.ref('excluded.building_kind'),
            lat: eb.ref('excluded.lat'),
            lng: eb.ref('excluded.lng'),
            registered_voters: eb.ref('excluded.registered_voters'),
            commission_size: eb.ref('excluded.commission_size'),
            accessibility: eb.ref('excluded.accessibility'),
          })),
        )
        .returning(['id', 'number'])
        .execute();
      for (const r of rows) {
        const before = existing.get(r.number)!;
        audit.push({
          ...actor,
          action: 'station.import_update',
          entityType: 'station',
          entityId: r.id,
          before: { address: before.address, registeredVoters: before.registered_voters, region: before.region_code },
        });
      }
    }
    await writeAudit(trx, audit);
    return { created: toInsert.length, updated: toUpdate.length, unchanged };
  });
}

function withoutRow(p: Planned): Omit<Planned, 'row'> {
  const { row: _row, ...rest } = p;
  return rest;
}

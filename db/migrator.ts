import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import * as core from './migrations/20261122T1400_core.ts';
import * as people from './migrations/20261123T1000_people.ts';
import * as personDistricts from './migrations/20261123T1400_person_districts.ts';
import * as reports from './migrations/20261123T1500_reports.ts';
import * as attentionTimes from './migrations/20261124T0900_attention_times.ts';
import * as violations from './migrations/20261125T0900_violations.ts';
import * as dispatch from './migrations/20261126T0900_dispatch.ts';
import * as dispatchActivated from './migrations/20261127T0900_dispatch_activated.ts';
import * as protocols from './migrations/20261128T0900_protocols.ts';
import * as findings from './migrations/20261129T0900_findings.ts';

/**
 * Every migration, listed explicitly: a bundler-free static list works the same under tsx,
 * vitest and a compiled build, and the names (timestamps) fix the order.
 */
const MIGRATIONS: Record<string, Migration> = {
  '20261122T1400_core': core,
  '20261123T1000_people': people,
  '20261123T1400_person_districts': personDistricts,
  '20261123T1500_reports': reports,
  '20261124T0900_attention_times': attentionTimes,
  '20261125T0900_violations': violations,
  '20261126T0900_dispatch': dispatch,
  '20261127T0900_dispatch_activated': dispatchActivated,
  '20261128T0900_protocols': protocols,
  '20261129T0900_findings': findings,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResult[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Brings the schema up to date; a no-op when it already is. Throws `MigrationError` on failure. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  // Migrations see the database untyped: they describe the schema before the types.
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed
        ? `Database migration "${failed.migrationName}" failed: ${cause}`
        : `Database migrations could not run: ${cause}`,
      results,
      { cause: error },
    );
  }
  return results;
}

export function migrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}

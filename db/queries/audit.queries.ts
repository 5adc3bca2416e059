import type { Kysely, Transaction } from 'kysely';
import type { AuditEntry, AuditQuery } from '../../shared/audit.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditWrite {
  actorId: number | null;
  actorRole: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Call inside the transaction of the change it records: both commit or neither does. */
export async function writeAudit(db: Db, entries: AuditWrite | AuditWrite[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  for (let i = 0; i < list.length; i += 1000) {
    await db
      .insertInto('audit_log')
      .values(
        list.slice(i, i + 1000).map((e) => ({
          actor_id: e.actorId,
          actor_role: e.actorRole,
          ip: e.ip,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId === null ? null : String(e.entityId),
          before: e.before === undefined ? null : JSON.stringify(e.before),
          after: e.after === undefined ? null : JSON.stringify(e.after),
        })),
      )
      .execute();
  }
}

export async function listAudit(db: Db, filter: AuditQuery): Promise<{ items: AuditEntry[]; hasMore: boolean }> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('people as p', 'p.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_id',
      'p.name as actor_name',
      'a.actor_role',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.before',
      'a.after',
      'a.ip',
    ]);
  if (filter.actorId !== undefined) query = query.where('a.actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('a.action', '=', filter.action);
  if (filter.entityType) query = query.where('a.entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('a.entity_id', '=', filter.entityId);
  if (filter.from) query = query.where('a.at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('a.at', '<', new Date(filter.to));
  if (filter.cursor) query = query.where('a.id', '<', Number(filter.cursor));
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return {
    hasMore: rows.length > filter.limit,
    items: rows.slice(0, filter.limit).map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor_id === null ? null : { id: r.actor_id, name: r.actor_name ?? '', role: r.actor_role ?? '' },
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: r.ip,
    })),
  };
}

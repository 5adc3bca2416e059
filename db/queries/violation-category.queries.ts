import { sql, type Kysely, type Transaction } from 'kysely';
import { BUILTIN_CATEGORIES } from '../../shared/violation-catalogue.ts';
import type { NewViolationCategory, ViolationCategory, ViolationCategoryUpdate } from '../../shared/violations.ts';
import type { Database, ViolationCategoryRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function categoryRowToApi(row: ViolationCategoryRow): ViolationCategory {
  return {
    code: row.code,
    phase: row.phase,
    article: row.article,
    severity: row.severity,
    title: { kk: row.title_kk, ru: row.title_ru, en: row.title_en },
    hint: { kk: row.hint_kk, ru: row.hint_ru, en: row.hint_en },
    builtin: row.builtin,
    active: row.active,
    sortOrder: row.sort_order,
  };
}

/**
 * Adds the built-in grounds that are missing. A row already there is left as it is: HQ may have
 * corrected its article or severity, or switched it off, and a restart must not undo that.
 */
export async function loadBuiltinCategories(db: Db): Promise<number> {
  const result = await db
    .insertInto('violation_categories')
    .values(
      BUILTIN_CATEGORIES.map((c, index) => ({
        code: c.code,
        phase: c.phase,
        article: c.article,
        severity: c.severity,
        title_kk: c.title.kk,
        title_ru: c.title.ru,
        title_en: c.title.en,
        hint_kk: c.hint.kk,
        hint_ru: c.hint.ru,
        hint_en: c.hint.en,
        builtin: true,
        active: true,
        sort_order: index,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function listCategories(db: Db, includeInactive: boolean): Promise<ViolationCategory[]> {
  let query = db.selectFrom('violation_categories').selectAll();
  if (!includeInactive) query = query.where('active', '=', true);
  const rows = await query.orderBy('sort_order').orderBy('code').execute();
  return rows.map(categoryRowToApi);
}

export async function findCategory(db: Db, code: string): Promise<ViolationCategoryRow | undefined> {
  return db.selectFrom('violation_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

/** A ground HQ adds goes after every existing one. */
export async function insertCategory(
  trx: Transaction<Database>,
  input: NewViolationCategory,
  createdBy: number,
): Promise<ViolationCategoryRow> {
  return trx
    .insertInto('violation_categories')
    .values({
      code: input.code,
      phase: input.phase,
      article: input.article,
      severity: input.severity,
      title_kk: input.title.kk,
      title_ru: input.title.ru,
      title_en: input.title.en,
      hint_kk: input.hint.kk,
      hint_ru: input.hint.ru,
      hint_en: input.hint.en,
      builtin: false,
      active: true,
      sort_order: sql<number>`(select coalesce(max(sort_order), 0) + 1 from violation_categories)`,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCategory(
  trx: Transaction<Database>,
  code: string,
  update: ViolationCategoryUpdate,
): Promise<ViolationCategoryRow | undefined> {
  return trx
    .updateTable('violation_categories')
    .set({
      ...(update.phase !== undefined && { phase: update.phase }),
      ...(update.article !== undefined && { article: update.article }),
      ...(update.severity !== undefined && { severity: update.severity }),
      ...(update.title && { title_kk: update.title.kk, title_ru: update.title.ru, title_en: update.title.en }),
      ...(update.hint && { hint_kk: update.hint.kk, hint_ru: update.hint.ru, hint_en: update.hint.en }),
      ...(update.active !== undefined && { active: update.active }),
      updated_at: new Date(),
    })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirst();
}

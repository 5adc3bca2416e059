import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { BUILTIN_FINDING_CATEGORIES } from '../../shared/finding-catalogue.ts';
import {
  searchText,
  searchWords,
  VERIFIED_STATUSES,
  type FindingCategory,
  type FindingFilterQuery,
  type FindingStatus,
} from '../../shared/findings.ts';
import type { Role } from '../../shared/people.ts';
import type { Scope } from '../../shared/permissions.ts';
import type { Database, FindingCategoryRow } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findingCategoryRowToApi(row: FindingCategoryRow): FindingCategory {
  return {
    code: row.code,
    title: { kk: row.title_kk, ru: row.title_ru, en: row.title_en },
    active: row.active,
    sortOrder: row.sort_order,
  };
}

/** Adds the built-in categories that are missing; a row already there is left as HQ set it. */
export async function loadBuiltinFindingCategories(db: Db): Promise<number> {
  const result = await db
    .insertInto('finding_categories')
    .values(
      BUILTIN_FINDING_CATEGORIES.map((c, index) => ({
        code: c.code,
        title_kk: c.title.kk,
        title_ru: c.title.ru,
        title_en: c.title.en,
        builtin: true,
        active: true,
        sort_order: index,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function listFindingCategories(db: Db): Promise<FindingCategory[]> {
  const rows = await db.selectFrom('finding_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map(findingCategoryRowToApi);
}

/** Who is asking: the role, the scope of the route's action, their id and regions. */
export interface FindingViewer {
  userId: number;
  role: Role;
  scope: Scope;
  regions: readonly string[];
}

/**
 * Which findings a person may read (issue 9, "Permissions"): HQ all; a coordinator their regions';
 * the legal team every verified one (verified, referred, closed), none unreviewed; a long-term
 * observer their own and the verified ones of their regions.
 */
export function findingVisibility(viewer: FindingViewer) {
  return (eb: ExpressionBuilder<Database, 'findings'>): Expression<SqlBool> => {
    const verified = eb('findings.status', 'in', [...VERIFIED_STATUSES]);
    if (viewer.scope === 'all') return viewer.role === 'legal_consultant' ? verified : eb.lit(true);
    const inRegions = viewer.regions.length > 0 ? eb('findings.region_code', 'in', [...viewer.regions]) : eb.lit(false);
    if (viewer.scope === 'regions') return inRegions;
    return eb.or([eb('findings.author_id', '=', viewer.userId), eb.and([inRegions, verified])]);
  };
}

/** The ids among `ids` the viewer may read. */
export async function readableFindingIds(db: Db, viewer: FindingViewer, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('findings')
    .select('findings.id')
    .where('findings.id', 'in', [...ids])
    .where(findingVisibility(viewer))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether the viewer may read a finding's files: they go with the finding, or with the one a
 * merged duplicate was folded into (its page shows them).
 */
export async function mayReadFindingFiles(db: Db, viewer: FindingViewer, findingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('findings')
    .select('findings.id')
    .where('findings.id', '=', (eb) =>
      eb
        .selectFrom('findings as d')
        .select(sql<string>`coalesce(d.merged_into_id, d.id)`.as('owner'))
        .where('d.id', '=', findingId),
    )
    .where(findingVisibility(viewer))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A tsquery for the search box: each word matches its Kazakh form as a prefix (Kazakh adds suffixes:
 * "қысым" finds "қысымға") or its Russian stem; all words must match.
 */
export function searchQuery(q: string) {
  const words = searchWords(q);
  if (words.length === 0) return null;
  // Words are runs of letters and digits only: nothing in them is tsquery syntax.
  const parts = words.map((w) => sql`(to_tsquery('simple', ${`${w}:*`}) || to_tsquery('russian', ${`${w}:*`}))`);
  return sql.join(parts, sql` && `);
}

/** The document searched: title, description, locality, place, institution note and sources. */
export function searchVector(fields: {
  title: string;
  description: string;
  locality: string;
  place: string;
  involvedNote: string;
  sources: readonly { note: string; url: string | null }[];
}) {
  const text = searchText(
    [
      fields.title,
      fields.description,
      fields.locality,
      fields.place,
      fields.involvedNote,
      ...fields.sources.map((s) => s.note),
    ].join('\n'),
  );
  return sql<unknown>`to_tsvector('simple', ${text}) || to_tsvector('russian', ${text})`;
}

export type FindingFilter = Omit<FindingFilterQuery, 'status'> & { status?: readonly FindingStatus[] };

/**
 * The findings of an election a viewer may read that match the filters, merged duplicates left out.
 * The list, the map layer, the timeline and the report all start here, so their counts agree.
 */
export function filteredFindings(db: Db, electionId: number, viewer: FindingViewer, filter: FindingFilter) {
  let query = db
    .selectFrom('findings')
    .where('findings.election_id', '=', electionId)
    .where('findings.merged_into_id', 'is', null)
    .where(findingVisibility(viewer));
  if (filter.region) query = query.where('findings.region_code', '=', filter.region);
  if (filter.category) query = query.where('findings.category_code', '=', filter.category);
  if (filter.status && filter.status.length > 0) query = query.where('findings.status', 'in', [...filter.status]);
  if (filter.from) query = query.where('findings.occurred_on', '>=', filter.from);
  if (filter.to) query = query.where('findings.occurred_on', '<=', filter.to);
  if (filter.observer) query = query.where('findings.author_id', '=', filter.observer);
  const tsquery = filter.q ? searchQuery(filter.q) : null;
  if (tsquery) query = query.where(sql<SqlBool>`findings.search_vector @@ (${tsquery})`);
  return query;
}

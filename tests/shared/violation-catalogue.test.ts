import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCategories } from '../../db/queries/violation-category.queries.ts';
import { BUILTIN_CATEGORIES } from '../../shared/violation-catalogue.ts';
import { NewViolationCategory } from '../../shared/violations.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The grounds for an act the domain brief lists ("Violations and acts"), each with the article it
 * names and words of its English title that identify it.
 */
const VOTING_GROUNDS: [code: string, article: string, title: RegExp][] = [
  ['voting.several_in_booth', 'Art. 42', /more than one person in a booth/i],
  ['voting.multiple_ballots', 'Art. 41', /more than one ballot/i],
  ['voting.ballot_without_list_or_id', 'Art. 41', /not on the list.*without id/i],
  ['voting.chair_issues_ballots', 'Art. 41', /chair or secretary handing out ballots/i],
  ['voting.outsider_present', 'Art. 39', /no role/i],
  ['voting.no_accessible_booth', 'Art. 39', /no accessible booth/i],
  ['voting.no_pen_pencil_used', 'Art. 42', /no pen.*pencil/i],
  ['voting.voting_for_another', 'Art. 41', /in place of another voter/i],
  ['voting.observer_obstructed', 'Art. 20-1', /obstructing an observer/i],
  ['voting.campaigning_in_station', 'Art. 28', /campaign/i],
  ['voting.home_requests_after_noon', 'Art. 41', /at home.*after 12:00/i],
];
const COUNTING_GROUNDS: [code: string, title: RegExp][] = [
  ['counting.not_closed_or_late_start', /not closed at 20:00.*count not started/i],
  ['counting.unused_not_cancelled', /unused ballots not counted and cancelled/i],
  ['counting.box_order_or_portable_excess', /fixed box opened first.*portable box/i],
  ['counting.invalid_ballots_accepted', /unsigned, multi-marked, pencilled or corrected/i],
  ['counting.marks_not_shown', /marks not shown.*announced aloud/i],
  ['counting.spoiled_not_destroyed', /spoiled and invalid ballots not destroyed/i],
  ['counting.no_protocol_copy', /signed and sealed protocol copy/i],
];

const byCode = new Map(BUILTIN_CATEGORIES.map((c) => [c.code, c]));

describe('the built-in catalogue', () => {
  it.each(VOTING_GROUNDS)('has the voting ground %s under %s', (code, article, title) => {
    expect(byCode.get(code)).toMatchObject({ phase: 'voting', article });
    expect(byCode.get(code)!.title.en).toMatch(title);
  });

  it.each(COUNTING_GROUNDS)('has the counting ground %s under Art. 43', (code, title) => {
    expect(byCode.get(code)).toMatchObject({ phase: 'counting', article: 'Art. 43' });
    expect(byCode.get(code)!.title.en).toMatch(title);
  });

  it('has unique codes, every text in all three languages, and passes the schema HQ edits it with', () => {
    expect(byCode.size).toBe(BUILTIN_CATEGORIES.length);
    for (const c of BUILTIN_CATEGORIES) {
      for (const text of [c.title, c.hint])
        for (const lang of ['kk', 'ru', 'en'] as const) expect(text[lang].trim(), `${c.code} ${lang}`).not.toBe('');
      expect(NewViolationCategory.safeParse(c).success, c.code).toBe(true);
    }
    expect(byCode.get('other')).toMatchObject({ phase: 'any' });
  });
});

describe('the catalogue in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds every built-in ground after start, in order, and a restart keeps what HQ changed', async () => {
    const rows = await t.app.db.selectFrom('violation_categories').selectAll().orderBy('sort_order').execute();
    expect(rows.map((r) => [r.code, r.article, r.severity, r.builtin, r.active])).toEqual(
      BUILTIN_CATEGORIES.map((c) => [c.code, c.article, c.severity, true, true]),
    );

    await t.app.db
      .updateTable('violation_categories')
      .set({ article: 'Art. 41-1', active: false })
      .where('code', '=', 'voting.multiple_ballots')
      .execute();
    expect(await loadBuiltinCategories(t.app.db)).toBe(0);
    const kept = await t.app.db
      .selectFrom('violation_categories')
      .select(['article', 'active'])
      .where('code', '=', 'voting.multiple_ballots')
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ article: 'Art. 41-1', active: false });

    await t.app.db.deleteFrom('violation_categories').where('code', '=', 'counting.marks_not_shown').execute();
    expect(await loadBuiltinCategories(t.app.db)).toBe(1);
  });
});

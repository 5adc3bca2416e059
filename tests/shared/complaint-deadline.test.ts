import { describe, expect, it } from 'vitest';
import { complaintDeadline, type DeadlineRule } from '../../shared/complaints.ts';

// The law: decided within 5 days; filed on voting day or within the 5 days before it, decided at once.
const cases: { voting: string; filed: string; rule: DeadlineRule; due: string; why: string }[] = [
  { voting: '2026-12-20', filed: '2026-12-10', rule: 'five_days', due: '2026-12-15', why: 'ten days before' },
  { voting: '2026-12-20', filed: '2026-12-14', rule: 'five_days', due: '2026-12-19', why: 'six days before' },
  { voting: '2026-12-20', filed: '2026-12-15', rule: 'immediately', due: '2026-12-15', why: 'five days before' },
  { voting: '2026-12-20', filed: '2026-12-17', rule: 'immediately', due: '2026-12-17', why: 'three days before' },
  { voting: '2026-12-20', filed: '2026-12-19', rule: 'immediately', due: '2026-12-19', why: 'the eve' },
  { voting: '2026-12-20', filed: '2026-12-20', rule: 'immediately', due: '2026-12-20', why: 'voting day' },
  { voting: '2026-12-20', filed: '2026-12-21', rule: 'five_days', due: '2026-12-26', why: 'the day after' },
  { voting: '2026-12-20', filed: '2026-12-28', rule: 'five_days', due: '2027-01-02', why: 'across the new year' },
  { voting: '2026-12-20', filed: '2026-11-28', rule: 'five_days', due: '2026-12-03', why: 'across a month' },
  { voting: '2027-01-02', filed: '2026-12-28', rule: 'immediately', due: '2026-12-28', why: 'window across the year' },
  { voting: '2027-01-02', filed: '2026-12-27', rule: 'five_days', due: '2027-01-01', why: 'just before that window' },
  { voting: '2027-03-02', filed: '2027-02-25', rule: 'immediately', due: '2027-02-25', why: 'window across February' },
  { voting: '2027-03-02', filed: '2027-02-24', rule: 'five_days', due: '2027-03-01', why: 'February of 28 days' },
  { voting: '2028-03-02', filed: '2028-02-25', rule: 'five_days', due: '2028-03-01', why: 'leap February' },
  { voting: '2028-03-02', filed: '2028-02-26', rule: 'immediately', due: '2028-02-26', why: 'leap-year window' },
];

describe('complaintDeadline', () => {
  it.each(cases)('$filed for voting on $voting ($why): $rule, due $due', ({ voting, filed, rule, due }) => {
    const deadline = complaintDeadline(filed, voting);
    expect(deadline.rule).toBe(rule);
    expect(deadline.dueDate).toBe(due);
    // The end of the local (UTC+5) due day: 24:00 there is 19:00 UTC.
    expect(deadline.dueAt).toBe(`${due}T19:00:00.000Z`);
  });

  it('never gives a due date before the filing date, nor more than five days after it', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n)).toISOString().slice(0, 10);
    for (let n = 0; n < 40; n++) {
      const { dueDate } = complaintDeadline(day(n), '2026-12-20');
      const gap = (Date.parse(dueDate) - Date.parse(day(n))) / 86_400_000;
      expect(gap === 0 || gap === 5).toBe(true);
    }
  });
});

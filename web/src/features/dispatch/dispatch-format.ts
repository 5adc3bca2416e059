import { POSITION_STALE_MINUTES, type GroupBoardItem } from '../../../../shared/dispatch.ts';

/** Small formatters of the board: every clock here counts from a server timestamp to `now`. */

type T = (key: string, options?: Record<string, unknown>) => string;

/** Elapsed time as a running clock: `4:07`, `1:05:03`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A metric in seconds as minutes:seconds (`12:05`; an hour and more stays in minutes: `75:00`). */
export function minutesSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A rough age for people: `35 s`, `12 min`, `2 h 5 min`. */
export function roughAge(seconds: number, t: T): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('dispatch.seconds', { count: s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('dispatch.minutes', { count: minutes });
  return t('dispatch.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export const secondsSince = (iso: string, now: number): number => (now - Date.parse(iso)) / 1000;

/** Whether a group's last position is too old to count on (the server's rule, re-read as time passes). */
export const isStale = (row: GroupBoardItem, now: number): boolean =>
  row.lastPosition !== null && secondsSince(row.lastPosition.at, now) > POSITION_STALE_MINUTES * 60;

const RANK: Record<GroupBoardItem['status'], number> = {
  dispatched: 1,
  en_route: 1,
  on_scene: 1,
  available: 2,
  returning: 3,
  off_duty: 4,
};
/** What needs a person first: flagged dispatches, then teams out, free teams, returning, off duty; by name within. */
export function boardOrder(items: readonly GroupBoardItem[], language: string): GroupBoardItem[] {
  const rank = (r: GroupBoardItem) => (r.current?.ackOverdue || r.current?.stuck ? 0 : RANK[r.status]);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.group.name.localeCompare(b.group.name, language));
}

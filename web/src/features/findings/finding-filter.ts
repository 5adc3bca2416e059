import { FindingStatus } from '../../../../shared/findings.ts';
import { localDate } from '../../../../shared/geo.ts';

/**
 * The filters every findings page shares (the list, the map layer, the timeline), as on screen and
 * in the address bar; the same query string goes to the server (`FindingFilterQuery`).
 */
export interface FindingFilter {
  q: string;
  region: string;
  category: string;
  /** One status, or several (`verified,referred,closed`: everything that passed review). */
  status: FindingStatus[];
  from: string;
  to: string;
  observer: string;
  page: number;
}

export const PAGE_SIZE = 50;

export const REVIEWED: readonly FindingStatus[] = ['verified', 'referred', 'closed'];

/** Everything cleared (the page stays). */
export const NO_FILTER: Omit<FindingFilter, 'page'> = {
  q: '',
  region: '',
  category: '',
  status: [],
  from: '',
  to: '',
  observer: '',
};

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's local (UTC+5) date moved by whole days. */
export function localDay(offsetDays = 0, now = new Date()): string {
  return localDate(new Date(now.getTime() + offsetDays * 86_400_000));
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Statuses from `status=verified,referred`; unknown ones are dropped. */
export function parseStatuses(value: string): FindingStatus[] {
  return value.split(',').flatMap((s) => {
    const r = FindingStatus.safeParse(s);
    return r.success ? [r.data] : [];
  });
}

/**
 * Filters from the address bar (a reload, Back or a shared link shows the same view); unknown
 * values are dropped. `defaults` fill what the address does not name (the timeline's last weeks).
 */
export function filterFromSearch(search: string, defaults: Partial<FindingFilter> = {}): FindingFilter {
  const p = new URLSearchParams(search);
  const date = (key: 'from' | 'to') => {
    const v = p.get(key);
    if (v === null) return defaults[key] ?? '';
    return DATE.test(v) ? v : '';
  };
  const statuses = parseStatuses(p.get('status') ?? '');
  const page = Number(p.get('page'));
  const observer = p.get('observer') ?? '';
  return {
    q: p.get('q') ?? '',
    region: p.get('region') || (defaults.region ?? ''),
    category: p.get('category') || (defaults.category ?? ''),
    status: statuses.length > 0 ? statuses : (defaults.status ?? []),
    from: date('from'),
    to: date('to'),
    observer: /^\d{1,9}$/.test(observer) ? observer : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The filters as the server's query (`FindingFilterQuery`), without the paging. */
export function filterParams(f: FindingFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.region) p.set('region', f.region);
  if (f.category) p.set('category', f.category);
  if (f.status.length > 0) p.set('status', f.status.join(','));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.observer) p.set('observer', f.observer);
  return p;
}

/** The address bar's query: the filters and the page (only when not the first). */
export function pageParams(f: FindingFilter): URLSearchParams {
  const p = filterParams(f);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

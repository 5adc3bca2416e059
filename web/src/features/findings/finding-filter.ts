import { FindingStatus } from '../../../../shared/findings.ts';

/** The list's filters as on screen; the same query string feeds the list, the CSV and the address bar. */
export interface FindingFilter {
  q: string;
  region: string;
  category: string;
  status: FindingStatus | '';
  from: string;
  to: string;
  observer: string;
  page: number;
}

export const PAGE_SIZE = 50;

export function filterFromSearch(search: string): FindingFilter {
  const p = new URLSearchParams(search);
  const date = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(p.get(key) ?? '') ? (p.get(key) ?? '') : '');
  const status = FindingStatus.safeParse(p.get('status'));
  const page = Number(p.get('page'));
  const observer = p.get('observer') ?? '';
  return {
    q: p.get('q') ?? '',
    region: p.get('region') ?? '',
    category: p.get('category') ?? '',
    status: status.success ? status.data : '',
    from: date('from'),
    to: date('to'),
    observer: /^\d{1,9}$/.test(observer) ? observer : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The filters as the server's query (`FindingListQuery`), without the paging. */
export function filterParams(f: FindingFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.region) p.set('region', f.region);
  if (f.category) p.set('category', f.category);
  if (f.status) p.set('status', f.status);
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

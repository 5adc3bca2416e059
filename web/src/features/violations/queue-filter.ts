import type { z } from 'zod';
import {
  compareQueue,
  isOpenStatus,
  Severity,
  ViolationPhase,
  ViolationStatus,
  type Violation,
} from '../../../../shared/violations.ts';

/** The queue's filters, as on screen; the same query string feeds the list and the exports. */
export interface QueueFilter {
  region: string | null;
  category: string | null;
  phase: ViolationPhase | null;
  status: ViolationStatus | null;
  severity: Severity | null;
  station: number | null;
  /** Only open violations (the default); ignored once a status is picked. */
  open: boolean;
}

export const DEFAULT_FILTER: QueueFilter = {
  region: null,
  category: null,
  phase: null,
  status: null,
  severity: null,
  station: null,
  open: true,
};

export function filterParams(f: QueueFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.region) p.set('region', f.region);
  if (f.category) p.set('category', f.category);
  if (f.phase) p.set('phase', f.phase);
  if (f.status) p.set('status', f.status);
  if (f.severity) p.set('severity', f.severity);
  if (f.station !== null) p.set('station', String(f.station));
  if (!f.status) p.set('open', String(f.open));
  return p;
}

/** Filters from the address bar, so a link from the map (`/violations?station=12`) opens narrowed. */
export function filterFromSearch(search: string): QueueFilter {
  const p = new URLSearchParams(search);
  const pick = <T extends z.ZodType>(schema: T, key: string): z.output<T> | null => {
    const r = schema.safeParse(p.get(key));
    return r.success ? r.data : null;
  };
  const station = Number(p.get('station'));
  return {
    region: p.get('region') || null,
    category: p.get('category') || null,
    phase: pick(ViolationPhase, 'phase'),
    status: pick(ViolationStatus, 'status'),
    severity: pick(Severity, 'severity'),
    station: Number.isInteger(station) && station > 0 ? station : null,
    open: p.get('open') !== 'false',
  };
}

/** The server's filter, repeated here so a pushed violation joins or leaves the list as it would on reload. */
export function matchesFilter(v: Violation, f: QueueFilter): boolean {
  if (f.region && v.station.region !== f.region) return false;
  if (f.category && v.category.code !== f.category) return false;
  if (f.phase && v.category.phase !== f.phase) return false;
  if (f.severity && v.severity !== f.severity) return false;
  if (f.station !== null && v.station.number !== f.station) return false;
  if (f.status) return v.status === f.status;
  return !f.open || isOpenStatus(v.status);
}

/** Merges pushed violations into a list: updated in place, new ones added, those no longer matching dropped. */
export function mergeQueue(
  list: readonly Violation[],
  pushed: readonly Violation[],
  f: QueueFilter,
): { items: Violation[]; added: string[]; removed: number } {
  const byId = new Map(list.map((v) => [v.id, v]));
  const added: string[] = [];
  let removed = 0;
  for (const v of pushed) {
    const known = byId.get(v.id);
    // A push may overtake a slower reload: keep whichever is newer.
    if (known && known.updatedAt > v.updatedAt) continue;
    if (matchesFilter(v, f)) {
      if (!known) added.push(v.id);
      byId.set(v.id, v);
    } else if (known) {
      byId.delete(v.id);
      removed++;
    }
  }
  return { items: [...byId.values()].sort(compareQueue), added, removed };
}

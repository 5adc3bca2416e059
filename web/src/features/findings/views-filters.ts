import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { SessionUser } from '../../../../shared/auth.ts';
import { ClientConfig } from '../../../../shared/client-config.ts';
import { FindingCategoryList, FindingStatus, type FindingCategory } from '../../../../shared/findings.ts';
import { localDate } from '../../../../shared/geo.ts';
import type { Language } from '../../../../shared/i18n.ts';
import { scopeFor, type Action } from '../../../../shared/permissions.ts';
import { RegionList, type Region } from '../../../../shared/regions.ts';
import { getJson } from '../../lib/api-client.ts';
import { intlLocale } from '../../lib/format.ts';
import { getSocket } from '../../lib/socket.ts';

/** The filters the map layer and the timeline share with the list, as on screen and in the address bar. */
export interface ViewFilter {
  region: string | null;
  category: string | null;
  /** One status, or several (`verified,referred,closed`: everything that passed review). */
  status: FindingStatus[];
  from: string | null;
  to: string | null;
}

export const REVIEWED: readonly FindingStatus[] = ['verified', 'referred', 'closed'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's local (UTC+5) date moved by whole days. */
export function localDay(offsetDays = 0, now = new Date()): string {
  return localDate(new Date(now.getTime() + offsetDays * 86_400_000));
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function viewParams(f: ViewFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.region) p.set('region', f.region);
  if (f.category) p.set('category', f.category);
  if (f.status.length > 0) p.set('status', f.status.join(','));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  return p;
}

/** Filters from the address bar (a reload or a shared link shows the same view); unknown values are dropped. */
export function viewFromSearch(search: string, defaults: Partial<ViewFilter> = {}): ViewFilter {
  const p = new URLSearchParams(search);
  const date = (key: string) => {
    const v = p.get(key);
    return v !== null && DATE.test(v) ? v : null;
  };
  const statuses = (p.get('status') ?? '')
    .split(',')
    .map((s) => FindingStatus.safeParse(s))
    .flatMap((r) => (r.success ? [r.data] : []));
  const has = (key: string) => p.has(key);
  return {
    region: p.get('region') || (defaults.region ?? null),
    category: p.get('category') || (defaults.category ?? null),
    status: statuses.length > 0 ? statuses : (defaults.status ?? []),
    from: has('from') ? date('from') : (defaults.from ?? null),
    to: has('to') ? date('to') : (defaults.to ?? null),
  };
}

/** Keeps the address bar in step with the filters without adding a history entry per change. */
export function useAddressQuery(path: string, query: string): void {
  useEffect(() => {
    const next = query ? `${path}?${query}` : path;
    if (window.location.pathname !== path) return;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  }, [path, query]);
}

/** Region names, the catalogue and the map's tiles: the views work without them (codes, no tiles). */
export function useLookups(): {
  regions: Region[];
  categories: FindingCategory[];
  config: ClientConfig | null;
} {
  const [regions, setRegions] = useState<Region[]>([]);
  const [categories, setCategories] = useState<FindingCategory[]>([]);
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/regions', RegionList, controller.signal).then(
      (list) => setRegions(list.items),
      () => undefined,
    );
    getJson('/api/finding-categories', FindingCategoryList, controller.signal).then(
      (list) => setCategories([...list.items].sort((a, b) => a.sortOrder - b.sortOrder)),
      () => undefined,
    );
    getJson('/api/client-config', ClientConfig, controller.signal).then(setConfig, () =>
      setConfig({ tileUrl: null, tileAttribution: null, version: '' }),
    );
    return () => controller.abort();
  }, []);
  return { regions, categories, config };
}

/** The regions a person may pick for an action: all for HQ and the legal team, else their own. */
export function regionChoices(user: SessionUser, action: Action, regions: Region[], language: Language): Region[] {
  const scope = scopeFor(user.role, action);
  return regions
    .filter((r) => scope === 'all' || user.regions.includes(r.code))
    .sort((a, b) => a.name[language].localeCompare(b.name[language], language));
}

export function useRegionName(regions: Region[], language: Language): (code: string) => string {
  return useMemo(() => {
    const names = new Map(regions.map((r) => [r.code, r.name[language]]));
    return (code: string) => names.get(code) ?? code;
  }, [regions, language]);
}

export function useCategoryTitle(categories: FindingCategory[], language: Language): (code: string) => string {
  return useMemo(() => {
    const titles = new Map(categories.map((c) => [c.code, c.title[language]]));
    return (code: string) => titles.get(code) ?? code;
  }, [categories, language]);
}

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string; data: T | null };

/**
 * A view's data for a query, fetched again whenever a finding changes (`findings:changed`): the
 * message names only ids, so the view asks the server again for what it may see.
 */
export function useViewData<T extends z.ZodType>(url: string | null, schema: T): [Loaded<z.output<T>>, () => void] {
  const [state, setState] = useState<Loaded<z.output<T>>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A burst (a merge touches two findings, a resend several) makes one refetch.
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), 250);
    };
    socket.on('findings:changed', changed);
    return () => {
      if (timer) clearTimeout(timer);
      socket.off('findings:changed', changed);
    };
  }, []);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    getJson(url, schema, controller.signal).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
          data: s.status === 'ready' ? s.data : s.status === 'error' ? s.data : null,
        }));
      },
    );
    return () => controller.abort();
  }, [url, schema, tick]);
  return [state, () => setTick((n) => n + 1)];
}

/** A local date (`YYYY-MM-DD`, already UTC+5) as the language writes it. */
export function formatDay(date: string, language: Language, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...options,
  }).format(new Date(`${date}T00:00:00Z`));
}

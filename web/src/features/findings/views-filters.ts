import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SessionUser } from '../../../../shared/auth.ts';
import { ClientConfig } from '../../../../shared/client-config.ts';
import type { Language } from '../../../../shared/i18n.ts';
import { scopeFor, type Action } from '../../../../shared/permissions.ts';
import type { Region } from '../../../../shared/regions.ts';
import { getJson } from '../../lib/api-client.ts';
import { intlLocale } from '../../lib/format.ts';
import { useNames } from './finding-bits.tsx';
import { filterFromSearch, filterParams, type FindingFilter } from './finding-filter.ts';
import { useCategories, useFindingsChanged, useRegions } from './use-findings.ts';

// The map layer's popups write dates as the other views do.
export { formatLocalDate as formatDay } from '../../lib/format.ts';

/** Keeps the address bar in step with the filters without adding a history entry per change. */
export function useAddressQuery(path: string, query: string): void {
  useEffect(() => {
    const next = query ? `${path}?${query}` : path;
    if (window.location.pathname !== path) return;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  }, [path, query]);
}

/** The map's tiles: the map works without them (the country's outline only). */
export function useClientConfig(): ClientConfig | null {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/client-config', ClientConfig, controller.signal).then(setConfig, () =>
      setConfig({ tileUrl: null, tileAttribution: null, version: '' }),
    );
    return () => controller.abort();
  }, []);
  return config;
}

/** The regions a person may pick for an action: all for HQ and the legal team, else their own. */
export function regionChoices(user: SessionUser, action: Action, regions: Region[], language: Language): Region[] {
  const scope = scopeFor(user.role, action);
  return regions
    .filter((r) => scope === 'all' || user.regions.includes(r.code))
    .sort((a, b) => a.name[language].localeCompare(b.name[language], language));
}

/**
 * What every view needs around its data: the catalogue (in its order) and the regions, their names
 * in the UI language, the regions the person may pick for `action`, and a number format.
 */
export function useViewSetup(user: SessionUser, action: Action) {
  const { t } = useTranslation();
  const regions = useRegions();
  const catalogue = useCategories();
  const categories = useMemo(() => [...catalogue].sort((a, b) => a.sortOrder - b.sortOrder), [catalogue]);
  const names = useNames(categories, regions);
  const { language } = names;
  const choices = useMemo(() => regionChoices(user, action, regions, language), [user, action, regions, language]);
  const number = useMemo(() => new Intl.NumberFormat(intlLocale(language)), [language]);
  return { t, language, regions, categories, names, regionChoices: choices, number };
}

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string; data: T | null };

/** The data to show: the answer, or the last one while a retry is failing. */
export const shownData = <T>(state: Loaded<T>): T | null => (state.status === 'loading' ? null : state.data);

/**
 * A view's data for a query, fetched again whenever a finding changes (`findings:changed`): the
 * message names only ids, so the view asks the server again for what it may see.
 */
export function useViewData<T extends z.ZodType>(url: string | null, schema: T): [Loaded<z.output<T>>, () => void] {
  const [state, setState] = useState<Loaded<z.output<T>>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const [burst, setBurst] = useState(0);
  // A burst (a merge touches two findings, a resend several) makes one refetch.
  useFindingsChanged(() => setBurst((n) => n + 1));
  useEffect(() => {
    if (burst === 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 250);
    return () => clearTimeout(timer);
  }, [burst]);
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
          data: shownData(s),
        }));
      },
    );
    return () => controller.abort();
  }, [url, schema, tick]);
  return [state, () => setTick((n) => n + 1)];
}

/**
 * A filtered view (the map layer, the timeline): the filters from and to the address bar (`path`,
 * plus the page's own `extra` parameters), and the data `api` answers for them, kept live.
 */
export function useFilteredView<T extends z.ZodType>(
  user: SessionUser,
  options: { path: string; api: string; schema: T; defaults?: Partial<FindingFilter>; extra?: string },
) {
  const setup = useViewSetup(user, 'findings.read');
  const [filter, setFilter] = useState<FindingFilter>(() => ({
    ...filterFromSearch(window.location.search, options.defaults),
    // The views have no search box nor observer filter: they show what they can be cleared of.
    q: '',
    observer: '',
  }));
  const query = filterParams(filter).toString();
  const extra = options.extra ?? '';
  useAddressQuery(options.path, [query, extra].filter(Boolean).join('&'));
  const [state, reload] = useViewData(`${options.api}${query ? `?${query}` : ''}`, options.schema);
  const change = (patch: Partial<FindingFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // What the page hands to <FindingFilters> besides its testId.
  const filters = {
    filter,
    onChange: change,
    regions: setup.regionChoices,
    categories: setup.categories,
    className: 'fv-filters',
  };
  return { ...setup, filter, filters, query, state, reload, data: shownData(state) };
}

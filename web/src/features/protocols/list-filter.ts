import { EntryStatus, ProtocolState } from '../../../../shared/protocols.ts';

/** The list's filters, as the address bar carries them (`/protocols?state=flagged&region=almaty-city`). */
export interface ProtocolFilter {
  region: string | null;
  state: ProtocolState | null;
  status: EntryStatus | null;
}

export const NO_FILTER: ProtocolFilter = { region: null, state: null, status: null };

/** Unknown values in the address bar are dropped, not sent: the list then shows all instead of a 400. */
export function filterFromSearch(search: string): ProtocolFilter {
  const p = new URLSearchParams(search);
  const state = ProtocolState.safeParse(p.get('state'));
  const status = EntryStatus.safeParse(p.get('status'));
  return {
    region: p.get('region') || null,
    state: state.success ? state.data : null,
    status: status.success ? status.data : null,
  };
}

/** The same query string feeds the address bar, the list and the CSV export. */
export function filterParams(f: ProtocolFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.region) p.set('region', f.region);
  if (f.state) p.set('state', f.state);
  if (f.status) p.set('status', f.status);
  return p;
}

export function filterHref(f: ProtocolFilter): string {
  const query = filterParams(f).toString();
  return query ? `/protocols?${query}` : '/protocols';
}

// The list as last shown (its filters), so "All protocols" on a station's page returns to it.
let lastList = '/protocols';
export const rememberListHref = (href: string) => {
  lastList = href;
};
export const lastListHref = () => lastList;

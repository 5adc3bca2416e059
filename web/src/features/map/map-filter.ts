import type { StationLive, StationPhase } from '../../../../shared/reports.ts';

/** Phases grouped as a coordinator asks about them ("who has not arrived yet?"). */
export const PHASE_GROUPS = {
  uncovered: ['no_observer'],
  not_arrived: ['observer_assigned'],
  on_site: ['on_site', 'opened'],
  voting: ['voting'],
  closed: ['closed', 'counting'],
  done: ['protocol_received', 'observer_left'],
} as const satisfies Record<string, readonly StationPhase[]>;
export type PhaseGroup = keyof typeof PHASE_GROUPS;
export const PHASE_GROUP_KEYS = Object.keys(PHASE_GROUPS) as PhaseGroup[];

export const FLAGS = ['help', 'refused', 'violations', 'silent', 'discrepancy'] as const;
export type Flag = (typeof FLAGS)[number];

export interface MapFilter {
  region: string | null;
  phase: PhaseGroup | null;
  flag: Flag | null;
}
export const NO_FILTER: MapFilter = { region: null, phase: null, flag: null };

export const isFiltering = (f: MapFilter) => f.region !== null || f.phase !== null || f.flag !== null;

function hasFlag(state: StationLive, flag: Flag): boolean {
  switch (flag) {
    case 'help':
      return state.helpOpen;
    case 'refused':
      return state.refusedEntry;
    case 'violations':
      return state.openViolations > 0;
    case 'silent':
      return state.silent;
    case 'discrepancy':
      return state.turnoutDiscrepancy;
  }
}

/** Whether a station (its region and live state) passes the filter. */
export function matches(f: MapFilter, region: string | undefined, state: StationLive | undefined): boolean {
  if (f.region !== null && region !== f.region) return false;
  if (f.phase !== null) {
    const phase = state?.phase ?? 'observer_assigned';
    if (!(PHASE_GROUPS[f.phase] as readonly StationPhase[]).includes(phase)) return false;
  }
  if (f.flag !== null && (!state || !hasFlag(state, f.flag))) return false;
  return true;
}

import type { StationLive } from './reports.ts';

/**
 * What needs a person at HQ now, most urgent first. Violations (by severity) and unacknowledged
 * dispatches join this list as their issues land; the order is the contract the panel shows.
 */
export const ATTENTION_KINDS = ['help', 'refused_entry', 'violations', 'silent', 'turnout_discrepancy'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface AttentionItem {
  kind: AttentionKind;
  stationId: number;
  region: string;
  /** Since when it has waited (help call made, entry refused, last news, turnout report); null: never any news. */
  since: string | null;
}

function itemsOf(state: StationLive): AttentionItem[] {
  const base = { stationId: state.stationId, region: state.region };
  const items: AttentionItem[] = [];
  if (state.helpOpen) items.push({ ...base, kind: 'help', since: state.helpAt ?? state.lastReportAt });
  if (state.refusedEntry) items.push({ ...base, kind: 'refused_entry', since: state.refusedAt ?? state.lastReportAt });
  if (state.openViolations > 0) items.push({ ...base, kind: 'violations', since: state.lastReportAt });
  // A station whose observer called for help is silent too, often for that reason: one line is enough.
  if (state.silent && !state.helpOpen) items.push({ ...base, kind: 'silent', since: state.lastReportAt });
  if (state.turnoutDiscrepancy) items.push({ ...base, kind: 'turnout_discrepancy', since: state.lastReportAt });
  return items;
}

const RANK = new Map(ATTENTION_KINDS.map((kind, i) => [kind, i]));

/** Every item of the given stations, by urgency, then the longest waiting first. */
export function needsAttention(states: Iterable<StationLive>): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const state of states) items.push(...itemsOf(state));
  return items.sort(
    (a, b) =>
      RANK.get(a.kind)! - RANK.get(b.kind)! ||
      // No news at all has waited longest.
      (a.since ?? '').localeCompare(b.since ?? '') ||
      a.stationId - b.stationId,
  );
}

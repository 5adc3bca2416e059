import { DispatchTarget } from '../../../../shared/dispatch.ts';

/**
 * What the send panel is open for, read from the page's query: `?station=<id>`, `?help=<stationId>`
 * or `?violation=<uuid>` (the map, the violation page and the reassign button link here). Parsed with
 * the shared schema, so a hand-edited address opens nothing rather than a broken panel.
 */
export function targetFromSearch(search: string): DispatchTarget | null {
  const query = new URLSearchParams(search);
  const station = query.get('station');
  const help = query.get('help');
  const violation = query.get('violation');
  const candidate =
    violation !== null
      ? { kind: 'violation', violationId: violation }
      : help !== null
        ? { kind: 'help', stationId: Number(help) }
        : station !== null
          ? { kind: 'station', stationId: Number(station) }
          : null;
  const parsed = DispatchTarget.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** The page address that opens the send panel for a target. */
export function pathFor(target: DispatchTarget): string {
  switch (target.kind) {
    case 'station':
      return `/dispatch?station=${target.stationId}`;
    case 'help':
      return `/dispatch?help=${target.stationId}`;
    case 'violation':
      return `/dispatch?violation=${target.violationId}`;
  }
}

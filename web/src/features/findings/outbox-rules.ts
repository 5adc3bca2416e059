import type { Finding, FindingEdit } from '../../../../shared/findings.ts';
import type { FindingFields } from './finding-draft.ts';
import { ApiError } from '../../lib/api-client.ts';
import { isTransient } from '../../lib/transient.ts';

/**
 * The outbox's rules, without I/O (so they are tested in Node): how a failure is treated, when an
 * item is tried again, how waiting edits lay on top of the server's copy and follow its version.
 */

/**
 * What a failed send means: `offline` (no connection, or the session ended) stops the pass, since
 * everything else would fail the same way; `later` (the server's trouble, a part it took no bytes
 * of) backs off that one item and the pass goes on; `refused` waits for the user.
 */
export function failureOf(error: unknown): 'offline' | 'later' | 'refused' {
  if (error instanceof ApiError) {
    if (error.status === 0 || error.status === 401) return 'offline';
    return isTransient(error.status) ? 'later' : 'refused';
  }
  // Not an answer of the server (e.g. "the server took no bytes"): try it again later.
  return 'later';
}

/** After this many failed tries an item shows as stuck (it is still tried, less often). */
export const STUCK_AFTER = 5;
const FIRST_WAIT_MS = 5_000;
const LONGEST_WAIT_MS = 10 * 60_000;

/** When an item that failed `attempts` times is tried next: 5 s, 10 s, 20 s… up to 10 minutes. */
export function nextTryAt(attempts: number, now: number): number {
  return now + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1));
}

export const isStuck = (item: { state: string; attempts?: number }) =>
  item.state === 'waiting' && (item.attempts ?? 0) >= STUCK_AFTER;

/** The parts of a finding an edit is built against (the station by its number only). */
export type EditBase = FindingFields & Pick<Finding, 'version'> & { station: { number: number } | null };

/** An edit still on this device: its body and the station number typed with it. */
export interface WaitingEdit {
  body: FindingEdit;
  stationNumber: number | null;
}

/**
 * The server's copy with this device's waiting edits laid on top, in order: what the form shows
 * and what the next edit is compared with (so it sends only what changed since them). The version
 * stays the server's: the sender moves later edits on as each earlier one is accepted.
 */
export function withWaitingEdits(finding: EditBase, edits: readonly WaitingEdit[]): EditBase {
  let next: EditBase = { ...finding, station: finding.station ? { number: finding.station.number } : null };
  for (const { body, stationNumber } of edits) {
    const { changeId: _changeId, version: _version, stationId, position: _position, ...fields } = body;
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    next = { ...next, ...given };
    if (stationNumber !== null) next.station = { number: stationNumber };
    else if (stationId === null) next.station = null;
  }
  return next;
}

/**
 * After an edit sent with `sentVersion` was accepted (the finding is now at `nowVersion`), the
 * later edits of the same finding built on that same version move on with it; an edit built on
 * another version keeps it (the server then says the finding changed meanwhile).
 */
export function followVersion<T extends { findingId: string; body: { version: number } }>(
  later: readonly T[],
  findingId: string,
  sentVersion: number,
  nowVersion: number,
): T[] {
  return later
    .filter((e) => e.findingId === findingId && e.body.version === sentVersion && nowVersion !== sentVersion)
    .map((e) => ({ ...e, body: { ...e.body, version: nowVersion } }));
}

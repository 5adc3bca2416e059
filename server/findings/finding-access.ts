import type { FindingViewer } from '../../db/queries/finding.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import { EDITABLE_STATUSES, type Finding, type FindingStatus } from '../../shared/findings.ts';
import { scopeFor, type Action } from '../../shared/permissions.ts';

/** What the rules look at in a finding. */
export interface FindingRef {
  authorId: number;
  region: string;
  status: FindingStatus;
  mergedInto: string | null;
}

/**
 * Whether a finding is within the caller's scope for an action: HQ (`all`) every one, a
 * coordinator (`regions`) their regions', a long-term observer (`own`) the ones they logged.
 */
export function inFindingScope(user: SessionUser, action: Action, finding: FindingRef): boolean {
  const scope = scopeFor(user.role, action);
  if (scope === 'all') return true;
  if (scope === 'regions') return user.regions.includes(finding.region);
  if (scope === 'own') return finding.authorId === user.id;
  return false;
}

/** The caller as a reader of findings (their `findings.read` scope), or null when their role reads none. */
export function findingViewer(user: SessionUser): FindingViewer | null {
  const scope = scopeFor(user.role, 'findings.read');
  return scope === null ? null : { userId: user.id, role: user.role, scope, regions: user.regions };
}

/**
 * What the caller may do with a finding now. A merged duplicate is read-only; nobody reviews
 * (or merges) what they logged themselves; only a verified finding goes to the legal team.
 */
export function mayOf(user: SessionUser, finding: FindingRef): Finding['may'] {
  const open = finding.mergedInto === null;
  const reviewer = open && finding.authorId !== user.id && inFindingScope(user, 'findings.review', finding);
  return {
    edit: open && EDITABLE_STATUSES.includes(finding.status) && inFindingScope(user, 'findings.write', finding),
    review: reviewer,
    merge: reviewer,
    refer: open && finding.status === 'verified' && inFindingScope(user, 'findings.refer', finding),
  };
}

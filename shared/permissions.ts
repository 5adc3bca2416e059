import type { Role } from './people.ts';

/**
 * Who may do what, in one table. Every HTTP route names its action (routes without one refuse to
 * register) and every socket event is looked up here; handlers never test roles themselves.
 *
 * Scopes: `all` — the whole country; `regions` — only the caller's regions; `own` — only the
 * caller's own station(s) or record.
 */
export type Scope = 'all' | 'regions' | 'own';

const HQ = { hq_admin: 'all', hq_coordinator: 'all' } as const;
const EVERYONE = {
  hq_admin: 'own',
  hq_coordinator: 'own',
  regional_coordinator: 'own',
  station_observer: 'own',
  long_term_observer: 'own',
  correspondent: 'own',
  mobile_member: 'own',
  legal_consultant: 'own',
  data_entry: 'own',
} as const;

export const PERMISSIONS = {
  /** Own session: `GET /api/me`, logout, connecting a socket. */
  'session.use': EVERYONE,
  'regions.read': {
    ...HQ,
    regional_coordinator: 'all',
    station_observer: 'all',
    long_term_observer: 'all',
    correspondent: 'all',
    mobile_member: 'all',
    legal_consultant: 'all',
    data_entry: 'all',
  },
  'stations.read': {
    ...HQ,
    legal_consultant: 'all',
    correspondent: 'all',
    regional_coordinator: 'regions',
    long_term_observer: 'regions',
    mobile_member: 'regions',
    station_observer: 'own',
  },
  'stations.import': { hq_admin: 'all' },
  'stations.export': { ...HQ, regional_coordinator: 'regions' },
  'people.read': { ...HQ, regional_coordinator: 'regions' },
  'people.write': HQ,
  'people.import': HQ,
  'people.export': { ...HQ, regional_coordinator: 'regions' },
  /** End someone's sessions at once (a lost phone, a person who left). */
  'sessions.revoke': HQ,
  'assignments.read': { ...HQ, regional_coordinator: 'regions' },
  'assignments.write': { ...HQ, regional_coordinator: 'regions' },
  'audit.read': HQ,
  /** Mobile groups: a member sees their own group. */
  'groups.read': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all', mobile_member: 'own' },
  'groups.write': { ...HQ, regional_coordinator: 'regions' },
  /** Election-day reports: an observer for their own station; HQ and coordinators on an observer's behalf. */
  'reports.submit': { ...HQ, regional_coordinator: 'regions', station_observer: 'own' },
  /** Close a station's help call once it has been dealt with. */
  'help.close': { ...HQ, regional_coordinator: 'regions' },
  /** Violations: the HQ queue, a region's coordinator, the legal team; an observer their station's. */
  'violations.read': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all', station_observer: 'own' },
  /** The observer's flow (noticed → chair told → corrected or act); HQ and coordinators on their behalf. */
  'violations.report': { ...HQ, regional_coordinator: 'regions', station_observer: 'own' },
  /** Hand to the legal team, close with a reason, reopen. */
  'violations.manage': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  'violations.export': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** Add or correct a ground of the catalogue without a deploy. */
  'violation_categories.write': HQ,
  'evidence.upload': {
    ...HQ,
    regional_coordinator: 'regions',
    station_observer: 'own',
    /** Files of their own findings. */
    long_term_observer: 'own',
  },
  /**
   * Evidence: HQ, the legal team, the region's coordinator, and (`own`) the person who uploaded it;
   * a team member (`own`) also that of a violation their group was sent to.
   */
  'evidence.read': {
    ...HQ,
    legal_consultant: 'all',
    regional_coordinator: 'regions',
    station_observer: 'own',
    long_term_observer: 'own',
    mobile_member: 'own',
    /** Photos of protocol copies only (to type them). */
    data_entry: 'own',
  },
  'complaints.read': { ...HQ, legal_consultant: 'all', regional_coordinator: 'regions' },
  'complaints.write': { ...HQ, legal_consultant: 'all' },
  /** Dispatch board and dispatches: a team member sees their own group's. */
  'dispatch.read': { ...HQ, regional_coordinator: 'regions', mobile_member: 'own' },
  /** Send a group (and see the candidates): HQ anywhere, a coordinator within their regions. */
  'dispatch.write': { ...HQ, regional_coordinator: 'regions' },
  /** Times to acknowledge and to arrive, per region and election day. */
  'dispatch.metrics': { ...HQ, regional_coordinator: 'regions' },
  /** Move a dispatch on: the team its own steps; HQ and the region's coordinators any step, and cancel. */
  'dispatch.respond': { ...HQ, regional_coordinator: 'regions', mobile_member: 'own' },
  /** A team member's duty switch and position sharing, for their own group. */
  'positions.report': { mobile_member: 'own' },
  /** The team app: the member's own group, its dispatches and stations. */
  'team.read': { mobile_member: 'own' },
  /**
   * Results protocols (issue 8). Reading a station's protocol: an observer their own station's.
   * Double entry is a role of its own, `data_entry`: the operator types the copy from its photo and
   * never sees the observer's figures. HQ does not type: it reads the observer's copy, so its entry
   * would not be blind. A supervisor (HQ) resolves, never the one who typed the entry.
   */
  'protocols.read': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all', station_observer: 'own' },
  'protocols.enter': { data_entry: 'all' },
  'protocols.resolve': HQ,
  'protocols.export': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** Parallel tabulation: a coordinator sees their own regions' figures only. */
  'results.read': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** The election commission's per-station results. */
  'official.import': HQ,
  'official.read': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** Turn a discrepancy into a violation for the legal team. */
  'official.report': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /**
   * Campaign findings (issue 9). A long-term observer (`own`) sees their own findings and the
   * verified ones of their regions; the legal team (`all`) sees every verified and referred one, and
   * nothing unreviewed (db/queries/finding.queries.ts findingVisibility).
   */
  'findings.read': { ...HQ, regional_coordinator: 'regions', long_term_observer: 'own', legal_consultant: 'all' },
  /** Log a finding and edit it until it is verified: the author; HQ and coordinators on their behalf. */
  'findings.write': { ...HQ, regional_coordinator: 'regions', long_term_observer: 'own' },
  /** Verify, reject, reopen, close and merge duplicates: HQ, and coordinators in their regions. */
  'findings.review': { ...HQ, regional_coordinator: 'regions' },
  /** Hand a verified finding to the legal team as a complaint. */
  'findings.refer': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** The periodic report (printable and CSV) and the weekly timeline. */
  'findings.report': { ...HQ, regional_coordinator: 'regions', legal_consultant: 'all' },
  /** Positions are kept only for the election period. */
  'positions.purge': { hq_admin: 'all' },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** The caller's scope for an action, or null when the role may not do it at all. */
export function scopeFor(role: Role, action: Action): Scope | null {
  const rules: Partial<Record<Role, Scope>> = PERMISSIONS[action];
  return rules[role] ?? null;
}

/** Socket events clients may emit, each with its action (later issues add field reports here). */
export const SOCKET_EVENT_ACTIONS: Record<string, Action> = {
  'session:whoami': 'session.use',
  'report:submit': 'reports.submit',
  'live:changes': 'stations.read',
  'violation:change': 'violations.report',
  'dispatch:current': 'dispatch.read',
  'group:position': 'positions.report',
  'group:duty': 'positions.report',
};

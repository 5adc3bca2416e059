import { z } from 'zod';
import { RegionCode } from './regions.ts';

/** One role per account (see the domain brief). */
export const ROLES = [
  'hq_admin',
  'hq_coordinator',
  'regional_coordinator',
  'station_observer',
  'long_term_observer',
  'correspondent',
  'mobile_member',
  'legal_consultant',
  /** Types protocols from their photos at HQ on election night (double entry); sees nothing else. */
  'data_entry',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles whose work is tied to regions (they must be given at least one). */
export const REGIONAL_ROLES: readonly Role[] = ['regional_coordinator', 'long_term_observer', 'mobile_member'];

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'a username is 2-40 latin letters, digits, dots, dashes or underscores');

/** A phone as typed (8 701…, +7 (701)…); the server normalises it to E.164. */
export const PhoneInput = z.string().trim().min(5).max(30);

export const AssignmentKind = z.enum(['primary', 'reserve']);
export type AssignmentKind = z.infer<typeof AssignmentKind>;

export const AssignmentRef = z.object({
  /** The assignment itself (to end it). */
  id: z.number().int(),
  stationId: z.number().int(),
  stationNumber: z.number().int(),
  kind: AssignmentKind,
});
export type AssignmentRef = z.infer<typeof AssignmentRef>;

export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role,
  username: z.string().nullable(),
  phone: z.string().nullable(),
  regions: z.array(RegionCode),
  /** Districts within those regions (long-term observers); empty means the whole regions. */
  districts: z.array(z.string()),
  active: z.boolean(),
  /** True until the person has set a password with their invitation code. */
  invitationPending: z.boolean(),
  /** Their current station in the active election (the primary one first), if any. */
  assignment: AssignmentRef.nullable(),
});
export type Person = z.infer<typeof Person>;

export const PeopleQuery = z.object({
  role: Role.optional(),
  region: RegionCode.optional(),
  /** Name, username or phone contains this. */
  q: z.string().trim().max(100).optional(),
  assignment: z.enum(['any', 'assigned', 'unassigned']).default('any'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'cursor is the nextCursor of a previous page')
    .optional(),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const PeoplePage = z.object({ items: z.array(Person), nextCursor: z.string().nullable() });
export type PeoplePage = z.infer<typeof PeoplePage>;

export const NewPerson = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: Role,
    username: Username.optional(),
    phone: PhoneInput.optional(),
    regions: z.array(RegionCode).max(20).default([]),
    districts: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  })
  .refine((p) => p.username || p.phone, { message: 'give a username or a phone number', path: ['phone'] })
  .refine((p) => p.districts.length === 0 || p.regions.length > 0, {
    message: 'districts lie within regions: give the region too',
    path: ['regions'],
  });
export type NewPerson = z.infer<typeof NewPerson>;

export const PersonUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  active: z.boolean().optional(),
  regions: z.array(RegionCode).max(20).optional(),
  districts: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const Invitation = z.object({
  personId: z.number().int(),
  /** Shown once; typeable on a phone: 8 characters without look-alikes, e.g. `K7PM-Q3XA`. */
  code: z.string(),
  expiresAt: z.iso.datetime(),
});
export type Invitation = z.infer<typeof Invitation>;

export const CreatedPerson = z.object({ person: Person, invitation: Invitation });
export type CreatedPerson = z.infer<typeof CreatedPerson>;

export const Coverage = z.object({
  stations: z.number().int(),
  withPrimary: z.number().int(),
  withReserve: z.number().int(),
});
export type Coverage = z.infer<typeof Coverage>;

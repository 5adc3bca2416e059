import { z } from 'zod';
import { IdParams } from './params.ts';
import { RegionCode } from './regions.ts';

/** A station serves at most 3,000 voters (the law); the database enforces it too. */
export const MAX_REGISTERED_VOTERS = 3000;

/** Accessibility items the observer checks at a station (see the domain brief). */
export const ACCESSIBILITY_FEATURES = [
  'parking',
  'ramp',
  'lift',
  'tactile_guides',
  'accessible_toilet',
  'accessible_booth',
  'adapted_info_computer',
  'headphones',
  'braille_materials',
  'magnifier_and_lamps',
  'easy_read_materials',
] as const;
export const AccessibilityFeature = z.enum(ACCESSIBILITY_FEATURES);
export type AccessibilityFeature = z.infer<typeof AccessibilityFeature>;

export const BuildingKind = z.enum(['school', 'university', 'culture_house', 'college', 'akimat', 'other']);
export type BuildingKind = z.infer<typeof BuildingKind>;

export const StationSummary = z.object({
  id: z.number().int(),
  number: z.number().int().positive(),
  region: RegionCode,
  district: z.string(),
  locality: z.string(),
  address: z.string(),
  building: z.string(),
  lat: z.number(),
  lng: z.number(),
  registeredVoters: z.number().int().nonnegative().max(MAX_REGISTERED_VOTERS),
});
export type StationSummary = z.infer<typeof StationSummary>;

export const Station = StationSummary.extend({
  buildingKind: BuildingKind,
  floor: z.number().int(),
  commissionSize: z.number().int(),
  accessibility: z.array(AccessibilityFeature),
});
export type Station = z.infer<typeof Station>;

/** `w,s,e,n` in degrees, west < east and south < north. */
export const BBox = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: west,south,east,north' });
    return z.NEVER;
  }
  const [west, south, east, north] = parts as [number, number, number, number];
  if (west < -180 || east > 180 || south < -90 || north > 90) {
    ctx.addIssue({ code: 'custom', message: 'bbox is outside longitude -180..180 / latitude -90..90' });
    return z.NEVER;
  }
  if (west >= east || south >= north) {
    ctx.addIssue({ code: 'custom', message: 'bbox needs west < east and south < north' });
    return z.NEVER;
  }
  return { west, south, east, north };
});
export type BBox = z.output<typeof BBox>;

export const STATIONS_PAGE_MAX = 1000;

export const StationsQuery = z.object({
  region: RegionCode.optional(),
  /** One station by its number. */
  number: z.coerce.number().int().positive().max(99_999).optional(),
  /** Only stations with (covered) or without (uncovered) a primary observer of ours. */
  coverage: z.enum(['covered', 'uncovered']).optional(),
  /** Words of the address, locality, district or building (each must appear), or a number's digits. */
  q: z.string().trim().min(2).max(100).optional(),
  bbox: BBox.optional(),
  limit: z.coerce.number().int().min(1).max(STATIONS_PAGE_MAX).default(100),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'cursor is the nextCursor of a previous page')
    .optional(),
});
export type StationsQuery = z.infer<typeof StationsQuery>;

export const StationsPage = z.object({
  items: z.array(StationSummary),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type StationsPage = z.infer<typeof StationsPage>;

/**
 * Every station of the active election for the map, column by column: far smaller than an
 * array of objects once gzipped. Index i of every column is one station.
 */
export const StationMap = z.object({
  electionId: z.number().int().nullable(),
  count: z.number().int().nonnegative(),
  /** Region codes; `region` holds indexes into this list. */
  regions: z.array(RegionCode),
  id: z.array(z.number().int()),
  number: z.array(z.number().int()),
  region: z.array(z.number().int()),
  lat: z.array(z.number()),
  lng: z.array(z.number()),
  registeredVoters: z.array(z.number().int()),
});
export type StationMap = z.infer<typeof StationMap>;

/**
 * Where a station stands. Until field reports exist (later issues add opening, incidents, count),
 * it is whether an observer of ours covers it.
 */
export const StationStatus = z.enum(['uncovered', 'covered']);
export type StationStatus = z.infer<typeof StationStatus>;

export const StationContact = z.object({ id: z.number().int(), name: z.string(), phone: z.string().nullable() });

export const StationDetail = Station.extend({
  electionId: z.number().int(),
  status: StationStatus,
  observer: StationContact.nullable(),
  reserves: z.array(StationContact),
});
export type StationDetail = z.infer<typeof StationDetail>;

/** `/api/stations/:id`. */
export const StationIdParams = IdParams;

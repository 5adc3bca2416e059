import { z } from 'zod';
import { LatLng } from './geo.ts';
import { LocalizedText } from './i18n.ts';

export const RegionCode = z
  .string()
  .regex(/^[a-z][a-z-]{1,40}$/, 'a region code is lower-case latin letters and dashes');
export type RegionCode = z.infer<typeof RegionCode>;

export const RegionKind = z.enum(['city', 'oblys']);
export type RegionKind = z.infer<typeof RegionKind>;

export const Region = z.object({
  code: RegionCode,
  name: LocalizedText,
  kind: RegionKind,
  center: LatLng,
  timezone: z.string(),
  /** Stations of this region in the active election. */
  stationCount: z.number().int().nonnegative(),
});
export type Region = z.infer<typeof Region>;

export const RegionList = z.object({ items: z.array(Region) });
export type RegionList = z.infer<typeof RegionList>;

import { z } from 'zod';
import { RegionCode } from './regions.ts';

/** A mobile group: 2-3 people of one region who tour their stations and rush to incidents. */
export const MOBILE_GROUP_MIN = 2;
export const MOBILE_GROUP_MAX = 3;

export const MobileGroup = z.object({
  id: z.number().int(),
  name: z.string(),
  region: RegionCode,
  members: z.array(z.object({ id: z.number().int(), name: z.string(), phone: z.string().nullable() })),
  stations: z.array(z.object({ id: z.number().int(), number: z.number().int() })),
});
export type MobileGroup = z.infer<typeof MobileGroup>;

export const MobileGroupList = z.object({ items: z.array(MobileGroup) });

const Ids = z.array(z.number().int().positive());

export const NewMobileGroup = z.object({
  name: z.string().trim().min(1).max(100),
  region: RegionCode,
  memberIds: Ids.min(MOBILE_GROUP_MIN).max(MOBILE_GROUP_MAX),
  stationIds: Ids.max(300).default([]),
});
export type NewMobileGroup = z.infer<typeof NewMobileGroup>;

export const MobileGroupUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  memberIds: Ids.min(MOBILE_GROUP_MIN).max(MOBILE_GROUP_MAX).optional(),
  stationIds: Ids.max(300).optional(),
});
export type MobileGroupUpdate = z.infer<typeof MobileGroupUpdate>;

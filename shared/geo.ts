import { z } from 'zod';

export const LatLng = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type LatLng = z.infer<typeof LatLng>;

/** Kazakhstan's bounding box with a small margin: the map's home view and a sanity bound. */
export const KAZAKHSTAN_BOUNDS = { west: 46.4, south: 40.5, east: 87.4, north: 55.5 } as const;

/** Kazakhstan has used one time zone, UTC+5, since 1 March 2024; the UI shows times in it. */
export const LOCAL_TIME_ZONE = 'Asia/Almaty';
export const LOCAL_UTC_OFFSET_MINUTES = 300;

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

/** An instant as local (UTC+5) wall-clock time, `YYYY-MM-DDTHH:MM:SS` (no offset). */
export function localWallClock(at: Date | string): string {
  return new Date(new Date(at).getTime() + LOCAL_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19);
}

/** The local calendar date (UTC+5) of an instant, `YYYY-MM-DD`. */
export function localDate(at: Date): string {
  return localWallClock(at).slice(0, 10);
}

/** The instant of a local (UTC+5) wall-clock time on a date: `localInstant('2026-12-20', 6, 30)`. */
export function localInstant(date: string, hours: number, minutes = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes - LOCAL_UTC_OFFSET_MINUTES) * 60_000);
}

import { localDate, localWallClock } from '../../../../shared/geo.ts';

/** `hh:mm` in local time (UTC+5), with the date in front when it is not today. */
export function localTime(iso: string, now = new Date()): string {
  const wall = localWallClock(iso);
  const time = wall.slice(11, 16);
  return wall.slice(0, 10) === localDate(now) ? time : `${wall.slice(8, 10)}.${wall.slice(5, 7)} ${time}`;
}

/** A `geo:` link every map app on a phone opens, with the station number as the pin's label. */
export function geoUri(place: { lat: number; lng: number; number: number }): string {
  const at = `${place.lat},${place.lng}`;
  return `geo:${at}?q=${at}(${place.number})`;
}

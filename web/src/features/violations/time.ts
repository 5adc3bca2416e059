import { LOCAL_TIME_ZONE } from '../../../../shared/geo.ts';

/**
 * "24.11 09:41" in local time (UTC+5): enough for a queue row (the page shows seconds). Built from
 * parts because Intl's Kazakh short date ("11-24") reads as month-first.
 */
export function shortLocalTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LOCAL_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')} ${part('hour')}:${part('minute')}`;
}

import { LOCAL_TIME_ZONE } from '../../../../shared/geo.ts';
import { intlLocale } from '../../lib/format.ts';

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

/** A local calendar date ("2026-11-25") in the UI language. */
export function formatLocalDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(`${date}T00:00:00Z`));
}

import { LOCAL_TIME_ZONE } from '../../../shared/geo.ts';

/** The locale Intl formats numbers and dates with for a UI language. */
export const intlLocale = (language: string) => (language === 'kk' ? 'kk-KZ' : language);

/**
 * A timestamp in Kazakhstan's local time (UTC+5), whatever the computer's own zone; to the second
 * unless `seconds` is false.
 */
export function formatLocalTime(iso: string, language: string, { seconds = true } = {}): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: LOCAL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hour12: false,
  }).format(new Date(iso));
}

/** A local calendar date (`2026-11-25`, already UTC+5) as the UI language writes it. */
export function formatLocalDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(`${date}T00:00:00Z`));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A time in a station's own zone (the region's IANA zone), with the zone shown. */
export function stationTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

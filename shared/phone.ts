import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone as people type it (8 701 123 45 67, +7 (701) 123-45-67, 7011234567) in E.164
 * (+77011234567), or null when it is not a valid number. Kazakhstan is the default country.
 */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'KZ');
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** Whether a login looks like a phone number rather than a username. */
export function looksLikePhone(login: string): boolean {
  return /^[+0-9][0-9\s()\-.]{4,}$/.test(login.trim());
}

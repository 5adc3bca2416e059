import type { FastifyReply } from 'fastify';

/** A CSV download for a spreadsheet. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}

/**
 * Free text typed on a phone opens in a spreadsheet at HQ: a cell starting with = + - @ would run
 * as a formula there, so it is written with a leading apostrophe (OWASP "CSV injection").
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

import { z } from 'zod';

export const ImportQuery = z.object({
  /** Check everything and report every problem; change nothing. */
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export const ImportProblemCode = z.enum([
  'missing_column',
  'unknown_column',
  'required',
  'invalid',
  'unknown_region',
  'unknown_station',
  'duplicate_in_file',
  'conflict',
  'empty_file',
]);
export type ImportProblemCode = z.infer<typeof ImportProblemCode>;

/** One problem: `row` counts as a spreadsheet does (the header is row 1). */
export const ImportProblem = z.object({
  row: z.number().int(),
  column: z.string(),
  code: ImportProblemCode,
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportInvitation = z.object({
  row: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  login: z.string(),
  code: z.string(),
  expiresAt: z.iso.datetime(),
});

export const ImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(ImportProblem),
  /** New people's one-time codes (real imports only): hand them out, they are not shown again. */
  invitations: z.array(ImportInvitation),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Columns of the stations CSV, in export order. */
export const STATION_COLUMNS = [
  'number',
  'region',
  'district',
  'locality',
  'address',
  'building',
  'building_kind',
  'lat',
  'lng',
  'registered_voters',
  'commission_size',
  'accessibility',
] as const;

/** Columns of the people CSV, in export order. */
export const PEOPLE_COLUMNS = ['name', 'role', 'phone', 'username', 'regions', 'districts', 'station', 'kind'] as const;

export const ExportQuery = z.object({
  /** Russian-locale Excel expects semicolons. */
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});

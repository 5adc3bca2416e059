import { z } from 'zod';

export const DatabaseKind = z.enum(['embedded', 'postgres']);
export type DatabaseKind = z.infer<typeof DatabaseKind>;

export const Health = z.object({
  ok: z.boolean(),
  database: DatabaseKind,
  stations: z.number().int().nonnegative().nullable(),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;

import { z } from 'zod';

/** `/:id` of any record: a positive 32-bit integer. */
export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export type IdParams = z.infer<typeof IdParams>;

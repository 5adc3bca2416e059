import { z } from 'zod';

/** What the web app needs to know about this server before it draws anything. */
export const ClientConfig = z.object({
  /** Online tile URL template; null means the offline outline only (HQ may be cut off). */
  tileUrl: z.string().nullable(),
  tileAttribution: z.string().nullable(),
  version: z.string(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;

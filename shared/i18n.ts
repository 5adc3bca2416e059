import { z } from 'zod';

/** The three languages of the product; Kazakh is the default everywhere. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
export const DEFAULT_LANGUAGE: Language = 'kk';

/** A text given in every UI language. */
export const LocalizedText = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

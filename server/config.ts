import { join } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Every setting comes from the environment; see README "Configuration". */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  /** `demo` loads the demo election also on PostgreSQL; `none` never loads it. */
  SEED: z.preprocess(emptyToUndefined, z.enum(['auto', 'demo', 'none']).default('auto')),
  /** Online map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; none by default (HQ may be offline). */
  TILE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) URL template with {z}, {x} and {y}')
      .optional(),
  ),
  TILE_ATTRIBUTION: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Built web app; `npm run build` writes it. */
  WEB_DIR: z.preprocess(emptyToUndefined, z.string().default('./dist/web')),
  /** How long a sign-in lasts: 36 hours covers election day and the night of the count. */
  SESSION_TTL_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(36),
  ),
  /** Sign-in attempts per IP per minute (login and invitation). */
  LOGIN_RATE_LIMIT_PER_IP: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(30)),
  /** Wrong passwords for one login within 15 minutes before it is locked for 15 minutes. */
  LOGIN_MAX_FAILURES: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(5)),
  /** Days an invitation code stays valid. */
  INVITATION_TTL_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(365).default(14)),
  /** How far ahead of the server a phone's clock may be before its report is refused. */
  MAX_CLOCK_SKEW_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .min(0)
      .max(24 * 60)
      .default(10),
  ),
  /** How often silent stations are looked for (0 turns the check off). */
  SILENCE_CHECK_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(3600).default(60)),
  /** Live dashboard updates are coalesced into one message per this many milliseconds. */
  BROADCAST_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(5000).default(250)),
  /** Largest evidence photo and video, in megabytes (MiB). */
  EVIDENCE_MAX_PHOTO_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1024).default(15)),
  EVIDENCE_MAX_VIDEO_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(4096).default(200)),
  /** Where evidence originals are kept; a folder under DATA_DIR by default. */
  EVIDENCE_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  /** A dispatch not acknowledged within this many seconds alerts HQ. */
  DISPATCH_ACK_TIMEOUT_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().positive().max(3600).default(180),
  ),
  /** A team en route or on scene longer than this is flagged as stuck. */
  DISPATCH_STUCK_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().max(1440).default(45)),
  /** How often the dispatch timers are checked (0 turns the check off). */
  DISPATCH_CHECK_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(15)),
  /** Straight-line travel speeds for the candidates' time estimate. */
  DISPATCH_CAR_KMH: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(200).default(30)),
  DISPATCH_FOOT_KMH: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(30).default(4.5)),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  seed: 'auto' | 'demo' | 'none';
  tileUrl: string | undefined;
  tileAttribution: string | undefined;
  webDir: string;
  sessionTtlHours: number;
  loginRateLimitPerIp: number;
  loginMaxFailures: number;
  invitationTtlDays: number;
  maxClockSkewMinutes: number;
  silenceCheckSeconds: number;
  broadcastIntervalMs: number;
  evidenceMaxPhotoBytes: number;
  evidenceMaxVideoBytes: number;
  evidenceDir: string;
  dispatchAckTimeoutSeconds: number;
  dispatchStuckMinutes: number;
  dispatchCheckSeconds: number;
  dispatchSpeedKmh: { car: number; foot: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; a bad setting throws one error naming every problem. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const c = result.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    logLevel: c.LOG_LEVEL,
    seed: c.SEED,
    tileUrl: c.TILE_URL,
    tileAttribution: c.TILE_ATTRIBUTION,
    webDir: c.WEB_DIR,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    loginRateLimitPerIp: c.LOGIN_RATE_LIMIT_PER_IP,
    loginMaxFailures: c.LOGIN_MAX_FAILURES,
    invitationTtlDays: c.INVITATION_TTL_DAYS,
    maxClockSkewMinutes: c.MAX_CLOCK_SKEW_MINUTES,
    silenceCheckSeconds: c.SILENCE_CHECK_SECONDS,
    broadcastIntervalMs: c.BROADCAST_INTERVAL_MS,
    evidenceMaxPhotoBytes: Math.round(c.EVIDENCE_MAX_PHOTO_MB * 1024 * 1024),
    evidenceMaxVideoBytes: Math.round(c.EVIDENCE_MAX_VIDEO_MB * 1024 * 1024),
    evidenceDir: c.EVIDENCE_DIR ?? join(c.DATA_DIR, 'evidence'),
    dispatchAckTimeoutSeconds: c.DISPATCH_ACK_TIMEOUT_SECONDS,
    dispatchStuckMinutes: c.DISPATCH_STUCK_MINUTES,
    dispatchCheckSeconds: c.DISPATCH_CHECK_SECONDS,
    dispatchSpeedKmh: { car: c.DISPATCH_CAR_KMH, foot: c.DISPATCH_FOOT_KMH },
  };
}

import { z } from 'zod';
import { Role } from './people.ts';
import { RegionCode } from './regions.ts';

export const LoginBody = z.object({
  /** A username or a phone number. */
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const MIN_PASSWORD_LENGTH = 10;

export const ActivateBody = z.object({
  login: z.string().trim().min(1).max(100),
  code: z.string().trim().min(4).max(20),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
});
export type ActivateBody = z.infer<typeof ActivateBody>;

export const SessionUser = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role,
  regions: z.array(RegionCode),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginResponse = z.object({
  user: SessionUser,
  /** For `Authorization: Bearer` and the socket handshake; the web app uses the cookie instead. */
  token: z.string(),
  /** Send back as `x-csrf-token` on cookie-authenticated writes. */
  csrfToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const Me = z.object({ user: SessionUser, csrfToken: z.string(), expiresAt: z.iso.datetime() });
export type Me = z.infer<typeof Me>;

export const SESSION_COOKIE = 'baqylau_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The web app's start-up check: never a 401, so a signed-out visitor's console stays clean. */
export const SessionState = z.object({ session: Me.nullable() });
export type SessionState = z.infer<typeof SessionState>;

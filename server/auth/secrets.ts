import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum), about 30 ms here.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A hash of nothing anyone knows: verifying against it for unknown logins costs the same time
// as for real ones, so response time does not tell which logins exist.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A session token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// No 0/O, 1/I/L, 5/S, 8/B: read aloud over a bad phone line and typed on a small keyboard.
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXYZ234679';

/** An invitation code like `K7PM-Q3XA` (27^8 ≈ 2.8e11 values; sign-in attempts are throttled). */
export function newInvitationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Case, spaces and the dash do not matter when the code is typed back. */
export function normalizeInvitationCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashInvitationCode(code: string): string {
  return sha256(`invitation:${normalizeInvitationCode(code)}`);
}

/** A random password for the first HQ admin of a new database. */
export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

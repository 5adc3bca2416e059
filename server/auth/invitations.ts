import { hashInvitationCode, newInvitationCode } from './secrets.ts';

export interface IssuedInvitation {
  code: string;
  hash: string;
  expiresAt: Date;
}

/** A new one-time code; only its hash is stored, the code is shown to HQ once. */
export function issueInvitation(ttlDays: number): IssuedInvitation {
  const code = newInvitationCode();
  return { code, hash: hashInvitationCode(code), expiresAt: new Date(Date.now() + ttlDays * 86_400_000) };
}

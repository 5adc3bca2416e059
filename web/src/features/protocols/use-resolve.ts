import { useState } from 'react';
import { ProtocolStatus, type ResolveBody } from '../../../../shared/protocols.ts';
import { sendJson } from '../../lib/api-client.ts';

export type ResolveResult = { ok: true; status: ProtocolStatus } | { ok: false; error: unknown };

/**
 * A supervisor's decision sent once (a second press while one is on its way does nothing); the
 * page hears the answer, a 409 included, through `onSaved`.
 */
export function useResolve(stationId: number, onSaved: (result: ResolveResult) => void) {
  const [saving, setSaving] = useState(false);
  const resolve = async (body: ResolveBody) => {
    if (saving) return;
    setSaving(true);
    try {
      onSaved({
        ok: true,
        status: await sendJson('POST', `/api/protocols/${stationId}/resolve`, ProtocolStatus, body),
      });
    } catch (error) {
      onSaved({ ok: false, error });
    } finally {
      setSaving(false);
    }
  };
  return { saving, resolve };
}

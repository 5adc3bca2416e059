import { useEffect, useState, useSyncExternalStore } from 'react';
import { z } from 'zod';
import { ChangesPage, StationLive } from '../../../../shared/reports.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';
import { LiveStore } from './live-store.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'catching_up';

const Snapshot = z.object({ items: z.array(StationLive), seq: z.number().int() });
const ChangesAck = z.union([
  z.object({ ok: z.literal(true), data: ChangesPage }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/**
 * Live station states: subscribe first, then a snapshot, then pushed changes; after every
 * (re)connect it asks for everything after the last sequence it holds, so the view is never
 * silently stale. `version` changes with every applied message (for rendering panels).
 */
export function useLive(): { store: LiveStore; connection: Connection; version: number } {
  const [store] = useState(() => new LiveStore());
  const [connection, setConnection] = useState<Connection>('connecting');
  const version = useSyncExternalStore(store.subscribeVersion, store.getVersion);

  useEffect(() => {
    let stopped = false;
    let snapshotTaken = false;
    const socket = getSocket();
    // Asked for at once, beside the map's own data, not after the socket connects: the first
    // colours reach the map sooner. Changes after it come by sequence once the socket is up.
    let snapshot: Promise<z.infer<typeof Snapshot>> | null = getJson('/api/live', Snapshot);
    snapshot.catch(() => null);

    const catchUp = async () => {
      setConnection('catching_up');
      try {
        if (!snapshotTaken) {
          // A failed early request is asked again on this (re)connect.
          const taken = await (snapshot ?? getJson('/api/live', Snapshot)).catch((error: unknown) => {
            snapshot = null;
            throw error;
          });
          snapshotTaken = true;
          store.apply(taken.items, taken.seq);
        }
        for (;;) {
          const answer = ChangesAck.parse(
            await socket.timeout(15_000).emitWithAck('live:changes', { since: store.seq }),
          );
          if (!answer.ok) throw new Error(answer.error.message);
          store.apply(answer.data.items, answer.data.seq);
          if (!answer.data.more) break;
        }
        if (!stopped) setConnection(socket.connected ? 'live' : 'reconnecting');
      } catch {
        if (!stopped) setConnection('reconnecting');
      }
    };
    const onChanged = (message: { items: StationLive[] }) => {
      const parsed = z.array(StationLive).safeParse(message?.items);
      if (parsed.success) store.apply(parsed.data);
    };
    const onDisconnect = () => setConnection('reconnecting');
    const onConnect = () => void catchUp();

    socket.on('stations:changed', onChanged);
    socket.on('disconnect', onDisconnect);
    socket.on('connect', onConnect);
    if (socket.connected) void catchUp();
    else
      void snapshot.then(
        // Colours before the socket is up; the connect handler then asks for what came after.
        (taken) => {
          if (stopped || snapshotTaken) return;
          snapshotTaken = true;
          store.apply(taken.items, taken.seq);
        },
        () => undefined,
      );
    return () => {
      stopped = true;
      socket.off('stations:changed', onChanged);
      socket.off('disconnect', onDisconnect);
      socket.off('connect', onConnect);
    };
  }, [store]);

  return { store, connection, version };
}

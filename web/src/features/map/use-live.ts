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

    const catchUp = async () => {
      setConnection('catching_up');
      try {
        if (!snapshotTaken) {
          const snapshot = await getJson('/api/live', Snapshot);
          snapshotTaken = true;
          store.apply(snapshot.items, snapshot.seq);
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
    return () => {
      stopped = true;
      socket.off('stations:changed', onChanged);
      socket.off('disconnect', onDisconnect);
      socket.off('connect', onConnect);
    };
  }, [store]);

  return { store, connection, version };
}

import { useEffect, useState } from 'react';
import { z } from 'zod';
import { ChangesPage, StationLive } from '../../../../shared/reports.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'catching_up';

const Snapshot = z.object({ items: z.array(StationLive), seq: z.number().int() });
const ChangesAck = z.union([
  z.object({ ok: z.literal(true), data: ChangesPage }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/**
 * Live station states: a snapshot, then pushed changes; after every (re)connect it asks for
 * everything after the last sequence it holds, so the view is never silently stale.
 */
export function useLive(): {
  stations: Map<number, StationLive>;
  connection: Connection;
  version: number;
  lastUpdate: Date | null;
} {
  const [stations] = useState(() => new Map<number, StationLive>());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [lastUpdate, setLastUpdate] = useState<Date | null>(null);

  useEffect(() => {
    let seq = 0;
    let stopped = false;
    const apply = (items: StationLive[]) => {
      let changed = false;
      for (const item of items) {
        const known = stations.get(item.stationId);
        if (!known || known.seq < item.seq) {
          stations.set(item.stationId, item);
          changed = true;
        }
        if (item.seq > seq) seq = item.seq;
      }
      if (changed) setVersion((v) => v + 1);
      setLastUpdate(new Date());
    };
    const socket = getSocket();

    const catchUp = async () => {
      setConnection('catching_up');
      try {
        if (seq === 0) {
          const snapshot = await getJson('/api/live', Snapshot);
          apply(snapshot.items);
          seq = Math.max(seq, snapshot.seq);
        }
        for (;;) {
          const answer = ChangesAck.parse(await socket.timeout(15_000).emitWithAck('live:changes', { since: seq }));
          if (!answer.ok) throw new Error(answer.error.message);
          apply(answer.data.items);
          seq = Math.max(seq, answer.data.seq);
          if (!answer.data.more) break;
        }
        if (!stopped) setConnection(socket.connected ? 'live' : 'reconnecting');
      } catch {
        if (!stopped) setConnection('reconnecting');
      }
    };
    const onChanged = (message: { items: StationLive[] }) => {
      const parsed = z.array(StationLive).safeParse(message?.items);
      if (parsed.success) apply(parsed.data);
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
  }, [stations]);

  return { stations, connection, version, lastUpdate };
}

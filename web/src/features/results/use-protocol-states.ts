import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import type { ProtocolState } from '../../../../shared/protocols.ts';
import { ChangesPage, StationLive } from '../../../../shared/reports.ts';
import { getJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';

const Snapshot = z.object({ items: z.array(StationLive), seq: z.number().int() });
const ChangesAck = z.union([
  z.object({ ok: z.literal(true), data: ChangesPage }),
  z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) }),
]);

interface Mark {
  protocol: ProtocolState;
  seq: number;
}

/**
 * Every visible station's protocol state, for the coverage layer. Only what the results page needs
 * of the live state: the map's own store keeps the rest.
 */
export class ProtocolStates {
  readonly states = new Map<number, Mark>();
  /** Highest change sequence applied (catch-up after a reconnect asks for what came after). */
  seq = 0;
  private readonly listeners = new Set<(changed: readonly number[]) => void>();

  /**
   * Applies newer states. Returns the stations whose protocol state changed, and whether the
   * results may have moved: a state changed, or a station with a protocol changed (a corrected
   * copy keeps its state but not its figures).
   */
  apply(items: readonly StationLive[], seq = 0): { changed: number[]; figures: boolean } {
    const changed: number[] = [];
    let figures = false;
    if (seq > this.seq) this.seq = seq;
    for (const item of items) {
      if (item.seq > this.seq) this.seq = item.seq;
      const known = this.states.get(item.stationId);
      if (known && known.seq >= item.seq) continue;
      this.states.set(item.stationId, { protocol: item.protocol, seq: item.seq });
      if (!known || known.protocol !== item.protocol) {
        changed.push(item.stationId);
        figures = true;
      } else if (item.protocol !== 'none') figures = true;
    }
    if (changed.length > 0) for (const listener of this.listeners) listener(changed);
    return { changed, figures };
  }

  stateOf(stationId: number): ProtocolState {
    return this.states.get(stationId)?.protocol ?? 'none';
  }

  subscribe(listener: (changed: readonly number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The protocol states: a snapshot, then `stations:changed`; after every (re)connect it asks for
 * the changes after the last sequence it holds, so an outage leaves nothing stale. `onFigures` is
 * called when the tabulation may have changed (not for the snapshot: the page fetches the
 * results itself).
 */
export function useProtocolStates(onFigures: () => void): { store: ProtocolStates; ready: boolean } {
  const [store] = useState(() => new ProtocolStates());
  const [ready, setReady] = useState(false);
  const onFiguresRef = useRef(onFigures);
  useEffect(() => {
    onFiguresRef.current = onFigures;
  });

  useEffect(() => {
    let stopped = false;
    const socket = getSocket();
    const snapshot = getJson('/api/live', Snapshot).then((taken) => {
      if (stopped) return;
      store.apply(taken.items, taken.seq);
      setReady(true);
    });
    snapshot.catch(() => undefined);
    const catchUp = async () => {
      try {
        await snapshot;
        let figures = false;
        for (;;) {
          const answer = ChangesAck.parse(
            await socket.timeout(15_000).emitWithAck('live:changes', { since: store.seq }),
          );
          if (!answer.ok || stopped) return;
          figures = store.apply(answer.data.items, answer.data.seq).figures || figures;
          if (!answer.data.more) break;
        }
        if (figures && !stopped) onFiguresRef.current();
      } catch {
        // The next reconnect asks again.
      }
    };
    const onChanged = (message: { items?: unknown }) => {
      const parsed = z.array(StationLive).safeParse(message?.items);
      if (!parsed.success) return;
      if (store.apply(parsed.data).figures) onFiguresRef.current();
    };
    const onConnect = () => void catchUp();
    socket.on('stations:changed', onChanged);
    socket.on('connect', onConnect);
    if (socket.connected) void catchUp();
    return () => {
      stopped = true;
      socket.off('stations:changed', onChanged);
      socket.off('connect', onConnect);
    };
  }, [store]);

  return { store, ready };
}

import type { Server } from 'socket.io';
import type { StationLive } from '../../shared/reports.ts';

/**
 * Coalesces station updates: a dashboard gets at most one `stations:changed` per interval with the
 * latest state of each station that changed, not a message per report. Rooms: `hq` (the whole
 * country), `region:<code>`, `station:<id>`. Through the socket.io adapter this reaches sockets on
 * every app node.
 */
export class LiveBroadcaster {
  private pending = new Map<number, StationLive>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly io: Server,
    private readonly intervalMs: number,
  ) {}

  push(items: StationLive[]): void {
    for (const item of items) {
      const known = this.pending.get(item.stationId);
      if (!known || known.seq < item.seq) this.pending.set(item.stationId, item);
    }
    if (this.intervalMs === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const items = [...this.pending.values()].sort((a, b) => a.seq - b.seq);
    this.pending.clear();
    const maxSeq = (list: StationLive[]) => list[list.length - 1]!.seq;
    this.io.to('hq').emit('stations:changed', { items, seq: maxSeq(items) });
    const byRegion = new Map<string, StationLive[]>();
    for (const item of items) byRegion.set(item.region, [...(byRegion.get(item.region) ?? []), item]);
    for (const [region, list] of byRegion)
      this.io.to(`region:${region}`).emit('stations:changed', { items: list, seq: maxSeq(list) });
    for (const item of items)
      this.io.to(`station:${item.stationId}`).emit('stations:changed', { items: [item], seq: item.seq });
  }

  stop(): void {
    this.flush();
  }
}

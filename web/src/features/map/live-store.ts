import type { StationLive } from '../../../../shared/reports.ts';

type Listener = (changed: readonly StationLive[]) => void;

/**
 * The dashboard's one copy of every station's live state. The map, the clusters and every panel
 * read this same store, so their counts cannot disagree. Listeners hear only the stations that
 * changed, so the map restyles those markers and nothing else.
 */
export class LiveStore {
  readonly states = new Map<number, StationLive>();
  /** Highest change sequence applied. */
  seq = 0;
  /** Station updates applied since the page opened (a measure for the benchmark). */
  applied = 0;
  /** Bumped on every change, for React's `useSyncExternalStore`. */
  version = 0;
  lastUpdate: Date | null = null;
  private readonly listeners = new Set<Listener>();

  /** Applies newer states (older or repeated ones are ignored: catch-up and pushes may overlap). */
  apply(items: readonly StationLive[], seq = 0): void {
    const changed: StationLive[] = [];
    for (const item of items) {
      const known = this.states.get(item.stationId);
      if (!known || known.seq < item.seq) {
        this.states.set(item.stationId, item);
        changed.push(item);
      }
      if (item.seq > this.seq) this.seq = item.seq;
    }
    if (seq > this.seq) this.seq = seq;
    this.lastUpdate = new Date();
    this.applied += changed.length;
    this.version++;
    for (const listener of this.listeners) listener(changed);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** For `useSyncExternalStore`: told of every change, whichever stations it touched. */
  readonly subscribeVersion = (onChange: () => void): (() => void) => this.subscribe(onChange);
  readonly getVersion = (): number => this.version;
}

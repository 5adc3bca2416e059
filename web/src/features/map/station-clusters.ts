import L from 'leaflet';
import Supercluster from 'supercluster';
import type { StationLive, StationPhase } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { escapeHtml } from '../../lib/format.ts';
import { HELP_COLOUR, PHASE_COLOURS, REFUSED_COLOUR, SILENT_COLOUR, VIOLATION_COLOUR } from './station-look.tsx';

/** Below this zoom (the country and whole regions) stations are grouped; from it on, one marker each. */
export const DOTS_FROM_ZOOM = 7;
/** Grouping radius in supercluster's units (512 per tile, Leaflet's tiles are 256 px): about 45 px. */
const RADIUS = 90;

interface Summary {
  count: number;
  help: number;
  violations: number;
  refused: number;
  silent: number;
  /** The phase most of its stations are in. */
  phase: StationPhase;
}

interface Shown {
  marker: L.Marker;
  members: number[];
  summary: Summary;
}

export type ClusterLabels = (s: Summary) => { title: string; help: string; violations: string; silent: string };

/**
 * Stations grouped with supercluster at country zoom. Each group shows how many stations it holds
 * and how many of them have the worst statuses (help calls, violations, silent stations), coloured
 * by the worst one. Positions never move, so a live change only recounts the groups that hold the
 * changed stations and rewrites those few icons.
 */
export class StationClusters {
  readonly layer = L.layerGroup();
  private index = new Supercluster<{ i: number }>({ radius: RADIUS, maxZoom: DOTS_FROM_ZOOM - 1 });
  private shown: Shown[] = [];
  /** Which shown group holds each station (-1: none in view). */
  private groupOf: Int32Array;
  private members: number[] = [];

  constructor(
    private readonly map: L.Map,
    private readonly stations: StationMap,
    private readonly stateOf: (index: number) => StationLive | undefined,
    private readonly labels: ClusterLabels,
    private readonly onOpen: (latlng: L.LatLng, zoom: number) => void,
  ) {
    this.groupOf = new Int32Array(stations.count).fill(-1);
  }

  /** The stations to group (all, or those a filter keeps). */
  load(indexes: number[]): void {
    this.members = indexes;
    this.index = new Supercluster<{ i: number }>({ radius: RADIUS, maxZoom: DOTS_FROM_ZOOM - 1 }).load(
      indexes.map((i) => ({
        type: 'Feature',
        properties: { i },
        geometry: { type: 'Point', coordinates: [this.stations.lng[i]!, this.stations.lat[i]!] },
      })),
    );
  }

  get loadedCount(): number {
    return this.members.length;
  }

  get groupCount(): number {
    return this.shown.length;
  }

  /** Total stations in the groups now on screen (equals the loaded count when the whole area is in view). */
  get stationsInView(): number {
    return this.shown.reduce((sum, g) => sum + g.summary.count, 0);
  }

  /** Draws the groups for the current view. */
  render(): void {
    this.layer.clearLayers();
    this.groupOf.fill(-1);
    const b = this.map.getBounds().pad(0.2);
    const zoom = Math.max(0, Math.floor(this.map.getZoom()));
    const features = this.index.getClusters(
      [
        Math.max(-180, b.getWest()),
        Math.max(-85, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(85, b.getNorth()),
      ],
      zoom,
    );
    this.shown = features.map((feature, g) => {
      const props = feature.properties as { i?: number; cluster?: boolean; cluster_id?: number };
      const members =
        props.cluster && props.cluster_id !== undefined
          ? this.index.getLeaves(props.cluster_id, Infinity).map((leaf) => leaf.properties.i)
          : [props.i!];
      for (const i of members) this.groupOf[i] = g;
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const summary = this.summarise(members);
      const marker = L.marker([lat, lng], { icon: this.icon(summary), keyboard: true, riseOnHover: true });
      const target = props.cluster && props.cluster_id !== undefined ? props.cluster_id : null;
      marker.on('click', () =>
        this.onOpen(
          L.latLng(lat, lng),
          target === null ? DOTS_FROM_ZOOM + 3 : Math.max(this.index.getClusterExpansionZoom(target), zoom + 1),
        ),
      );
      this.layer.addLayer(marker);
      return { marker, members, summary };
    });
  }

  /** Recounts only the groups holding these stations. */
  update(indexes: Iterable<number>): void {
    const dirty = new Set<number>();
    for (const i of indexes) {
      const g = this.groupOf[i];
      if (g !== undefined && g >= 0) dirty.add(g);
    }
    for (const g of dirty) {
      const group = this.shown[g]!;
      group.summary = this.summarise(group.members);
      group.marker.setIcon(this.icon(group.summary));
    }
  }

  private summarise(members: number[]): Summary {
    const s: Summary = { count: members.length, help: 0, violations: 0, refused: 0, silent: 0, phase: 'no_observer' };
    const phases = new Map<StationPhase, number>();
    for (const i of members) {
      const state = this.stateOf(i);
      const phase = state?.phase ?? 'observer_assigned';
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
      if (!state) continue;
      if (state.helpOpen) s.help++;
      if (state.openViolations > 0) s.violations++;
      if (state.refusedEntry) s.refused++;
      if (state.silent) s.silent++;
    }
    let most = 0;
    for (const [phase, n] of phases) {
      if (n > most) {
        most = n;
        s.phase = phase;
      }
    }
    return s;
  }

  private icon(s: Summary): L.DivIcon {
    const worst =
      s.help > 0
        ? 'help'
        : s.refused > 0
          ? 'refused'
          : s.violations > 0
            ? 'violations'
            : s.silent > 0
              ? 'silent'
              : 'ok';
    const fill = {
      help: HELP_COLOUR,
      refused: REFUSED_COLOUR,
      violations: VIOLATION_COLOUR,
      silent: SILENT_COLOUR,
      ok: PHASE_COLOURS[s.phase],
    }[worst];
    const size = Math.round(Math.min(54, 20 + Math.log2(s.count + 1) * 3.6));
    const text = this.labels(s);
    const badge = (kind: string, n: number, label: string) =>
      n > 0 ? `<span class="badge badge-${kind}" title="${escapeHtml(label)}">${badgeMark[kind]}${n}</span>` : '';
    const html =
      `<div class="cluster cluster-${worst}" style="width:${size}px;height:${size}px;background:${fill}" ` +
      `title="${escapeHtml(text.title)}" data-count="${s.count}" data-help="${s.help}" data-silent="${s.silent}">` +
      `<b>${s.count}</b>` +
      `<span class="badges">${badge('help', s.help, text.help)}${badge('violations', s.violations, text.violations)}${badge('silent', s.silent, text.silent)}</span>` +
      `</div>`;
    return L.divIcon({ html, className: 'cluster-icon', iconSize: [size, size] });
  }
}

/** Badge marks that differ in shape, not only colour. */
const badgeMark: Record<string, string> = { help: '▲', violations: '!', silent: '◌' };

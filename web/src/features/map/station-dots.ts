import L from 'leaflet';
import type { StationLive } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { lookOf, tracePath, type Shape } from './station-look.tsx';

/** The parts of Leaflet's canvas renderer a custom shape draws with (stable across Leaflet 1.x). */
interface CanvasInternals {
  _drawing: boolean;
  _ctx: CanvasRenderingContext2D;
  _fillStroke(ctx: CanvasRenderingContext2D, layer: L.Path): void;
  _updateCircle(layer: L.CircleMarker): void;
}
interface Drawable {
  _renderer: CanvasInternals;
  _point: L.Point;
  _radius: number;
  _empty(): boolean;
}

/** Smallest radius (px) that has room for a count inside the shape. */
const LABEL_MIN_RADIUS = 8;

/** A canvas circle marker that can also be a square, a diamond, a triangle or a cross. */
export class ShapeMarker extends L.CircleMarker {
  shape: Shape = 'circle';
  stationIndex = -1;
  /** Drawn inside the shape when there is room (the open-violation count); '' for none. */
  label = '';
  labelInk = '#ffffff';

  // Replaces CircleMarker's own drawing call (Leaflet calls it on every redraw).
  _updatePath(): void {
    const self = this as this & Drawable;
    const renderer = self._renderer;
    if (this.shape === 'circle' || this.shape === 'ring') {
      renderer._updateCircle(this);
      return;
    }
    if (!renderer._drawing || self._empty()) return;
    const ctx = renderer._ctx;
    ctx.beginPath();
    const r = Math.max(Math.round(self._radius), 1);
    tracePath(ctx, this.shape, self._point.x, self._point.y, r);
    renderer._fillStroke(ctx, this);
    // Only when zoomed in far enough for the digits to be read; the triangle's centre sits low.
    if (this.label && r >= LABEL_MIN_RADIUS) {
      ctx.save();
      ctx.fillStyle = this.labelInk;
      ctx.font = `700 ${Math.max(8, Math.round(r * 0.8))}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.label, self._point.x, self._point.y + r * 0.22);
      ctx.restore();
    }
  }
}

export const markerRadius = (zoom: number) => (zoom <= 5 ? 2.5 : zoom <= 7 ? 3.5 : zoom <= 10 ? 5 : 7);

/**
 * Every station as one canvas marker (one canvas, not 10,000 DOM nodes). Markers are made once;
 * live changes restyle only the stations that changed, and a filter adds or removes only the
 * markers whose membership changed.
 */
export class StationDots {
  readonly markers: ShapeMarker[];
  readonly group = L.featureGroup();
  /** 1 where the station passes the current filter (and so is in `group`). */
  private readonly shown: Uint8Array;
  private outline = '#ffffff';

  constructor(
    private readonly map: L.Map,
    stations: StationMap,
    private readonly stateOf: (index: number) => StationLive | undefined,
  ) {
    const renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    const radius = markerRadius(map.getZoom());
    this.markers = new Array<ShapeMarker>(stations.count);
    this.shown = new Uint8Array(stations.count).fill(1);
    for (let i = 0; i < stations.count; i++) {
      const marker = new ShapeMarker([stations.lat[i]!, stations.lng[i]!], { renderer, radius, fillOpacity: 0.9 });
      marker.stationIndex = i;
      this.style(marker, map.getZoom());
      this.markers[i] = marker;
      this.group.addLayer(marker);
    }
  }

  get visibleCount(): number {
    return this.group.getLayers().length;
  }

  setOutline(colour: string): void {
    this.outline = colour;
    this.restyleAll();
  }

  private style(marker: ShapeMarker, zoom: number): void {
    const state = this.stateOf(marker.stationIndex);
    const look = lookOf(state);
    marker.shape = look.shape;
    marker.label = look.countInk && state ? (state.openViolations > 9 ? '9+' : String(state.openViolations)) : '';
    marker.labelInk = look.countInk ?? '#ffffff';
    marker.setStyle({
      radius: markerRadius(zoom) * look.scale,
      fillColor: look.fill,
      fill: look.shape !== 'ring',
      color: look.stroke ?? this.outline,
      weight: look.weight,
    });
  }

  restyle(indexes: Iterable<number>): void {
    const zoom = this.map.getZoom();
    for (const i of indexes) {
      const marker = this.markers[i];
      if (!marker) continue;
      this.style(marker, zoom);
      // The most urgent stay on top of their neighbours.
      if (marker.shape === 'triangle' || marker.shape === 'cross') {
        if (this.shown[i]) marker.bringToFront();
      }
    }
  }

  restyleAll(): void {
    const zoom = this.map.getZoom();
    for (const marker of this.markers) this.style(marker, zoom);
  }

  /** Shows exactly the stations `keep` accepts; touches only markers whose membership changes. */
  filter(indexes: Iterable<number>, keep: (index: number) => boolean): void {
    for (const i of indexes) {
      const want = keep(i) ? 1 : 0;
      if (want === this.shown[i]) continue;
      this.shown[i] = want;
      if (want) this.group.addLayer(this.markers[i]!);
      else this.group.removeLayer(this.markers[i]!);
    }
  }

  isShown(index: number): boolean {
    return this.shown[index] === 1;
  }
}

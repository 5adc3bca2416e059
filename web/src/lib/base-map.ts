import L from 'leaflet';
import { useEffect, type RefObject } from 'react';
import outline from 'virtual:kazakhstan-outline';
import { KAZAKHSTAN_BOUNDS } from '../../../shared/geo.ts';
import type { Theme } from './theme.ts';

/**
 * What every map of the app stands on: the outline of Kazakhstan that ships with the app (HQ may
 * be cut off from the internet), and online tiles beneath it only when the server is given them.
 */
export const COUNTRY = L.latLngBounds(
  [KAZAKHSTAN_BOUNDS.south, KAZAKHSTAN_BOUNDS.west],
  [KAZAKHSTAN_BOUNDS.north, KAZAKHSTAN_BOUNDS.east],
);

const LAND = { light: { fill: '#eef3ea', border: '#5b6b7c' }, dark: { fill: '#26313c', border: '#8fa1b3' } };

/** Adds the country outline (not clickable) to a map. */
export const addLand = (map: L.Map): L.GeoJSON => L.geoJSON(outline, { interactive: false }).addTo(map);

/** Light or dark land. */
export function styleLand(land: L.GeoJSON | null, theme: Theme): void {
  land?.setStyle({ color: LAND[theme].border, weight: 1.5, fillColor: LAND[theme].fill, fillOpacity: 1 });
}

/** Optional online tiles, under the outline's border; none when `tileUrl` is null. */
export function useTiles(mapRef: RefObject<L.Map | null>, tileUrl: string | null, attribution: string | null): void {
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution: attribution ?? '', maxZoom: 19, opacity: 0.85 });
    tiles.addTo(map).bringToBack();
    return () => {
      tiles.remove();
    };
  }, [mapRef, tileUrl, attribution]);
}

/**
 * Removes a map. A zoom animation ends on a timer that Leaflet cannot cancel; on a removed map it
 * throws (leaving the page mid-zoom). Marked as ended first, the timer does nothing.
 *
 * Leaving a page while its canvas is still drawing (HQ lands on the map and clicks away at once)
 * can leave a canvas renderer one animation frame queued after it dropped its drawing context
 * (the Leaflet 1.x race of Leaflet#6030): that frame would throw on `clearRect`. The renderers are
 * collected first; after the removal their queued frame is cancelled and they queue no more.
 */
export function removeMap(map: L.Map): void {
  const canvases: L.Canvas[] = [];
  map.eachLayer((layer) => {
    if (layer instanceof L.Canvas) canvases.push(layer);
  });
  (map as L.Map & { _animatingZoom?: boolean })._animatingZoom = false;
  map.remove();
  for (const canvas of canvases) {
    const queued: unknown = Reflect.get(canvas, '_redrawRequest');
    if (typeof queued === 'number') L.Util.cancelAnimFrame(queued);
    Reflect.set(canvas, '_redrawRequest', null);
    Object.defineProperty(canvas, '_requestRedraw', { value: () => undefined });
  }
}

import L from 'leaflet';
import { useEffect, useRef, type RefObject } from 'react';
import { addLand, COUNTRY, removeMap, styleLand, useTiles } from './base-map.ts';
import type { Theme } from './theme.ts';

/**
 * A map of the app in `element`, kept in `mapRef` while it stands: framed on Kazakhstan, the offline outline styled for the theme,
 * online tiles beneath when the server has them, kept filling its box, removed on unmount.
 * `options` and `setup` are read once, when the map is made; `setup` may return its own cleanup,
 * run after the map is removed.
 */
export function useBaseMap(
  element: RefObject<HTMLElement | null>,
  mapRef: RefObject<L.Map | null>,
  {
    theme,
    tileUrl,
    tileAttribution,
    options,
    setup,
  }: {
    theme: Theme;
    tileUrl: string | null;
    tileAttribution: string | null;
    /** More Leaflet options (a canvas renderer for thousands of markers). */
    options?: L.MapOptions;
    setup?: (map: L.Map) => void | (() => void);
  },
): void {
  const landRef = useRef<L.GeoJSON | null>(null);
  const made = useRef({ options, setup });

  useEffect(() => {
    const box = element.current;
    if (!box) return;
    const map = L.map(box, {
      minZoom: 4,
      maxZoom: 17,
      maxBounds: COUNTRY.pad(0.5),
      zoomSnap: 0.25,
      ...made.current.options,
    });
    map.fitBounds(COUNTRY);
    landRef.current = addLand(map);
    const cleanup = made.current.setup?.(map);
    mapRef.current = map;
    // The page's side panels can widen or narrow it: keep the map filling its box.
    const resized = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    resized.observe(box);
    return () => {
      resized.disconnect();
      removeMap(map);
      mapRef.current = null;
      cleanup?.();
    };
  }, [element, mapRef]);

  useEffect(() => {
    styleLand(landRef.current, theme);
  }, [theme]);

  useTiles(mapRef, tileUrl, tileAttribution);
}

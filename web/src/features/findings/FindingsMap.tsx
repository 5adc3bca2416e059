import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingMapPoint, FindingStatus } from '../../../../shared/findings.ts';
import { COUNTRY } from '../../lib/base-map.ts';
import { escapeHtml } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useTheme } from '../../lib/theme.ts';
import { MapBox } from '../../lib/map-box.tsx';
import { useBaseMap } from '../../lib/use-base-map.ts';
import { formatDay } from './views-filters.ts';

/** Colour by status (the legend repeats it in words; approximate places are hollow and dashed). */
export const STATUS_COLOURS: Record<FindingStatus, string> = {
  new: '#1565c0',
  verified: '#2e7d32',
  rejected: '#78909c',
  referred: '#6a1b9a',
  closed: '#5d4037',
};

const SIZE = 24;

/**
 * Where each finding of a pile sits, in pixels from the spot: a ring for a few, a spiral for many.
 * In pixels (the icon's anchor), not degrees, so they stay apart and clickable at every zoom.
 */
export function fanOut(index: number, count: number): [number, number] {
  if (count <= 1) return [0, 0];
  if (count <= 8) {
    const r = 16 + count * 2;
    const a = (2 * Math.PI * index) / count - Math.PI / 2;
    return [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
  }
  const a = 1.1 * index;
  const r = 18 + 4.2 * index;
  return [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
}

const spot = (p: FindingMapPoint) => `${p.lat.toFixed(5)},${p.lng.toFixed(5)}`;

/**
 * The findings layer: one marker per finding over the outline of Kazakhstan that ships with the
 * app (tiles beneath only when the server has them). A handful to a few hundred markers: DOM icons,
 * each focusable, styled and testable; those at one place fan out around it.
 */
export function FindingsMap({
  points,
  categoryMark,
  categoryTitle,
  tileUrl,
  tileAttribution,
  frame,
  focus,
  navigate,
}: {
  points: FindingMapPoint[];
  /** The short mark (a number) drawn in a category's markers; the legend says which. */
  categoryMark: (code: string) => string;
  categoryTitle: (code: string) => string;
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Changes with the filters: the map frames the new set of points once. */
  frame: string;
  /** A finding picked in the list below; `n` changes on every pick. */
  focus: { id: string; n: number } | null;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [theme] = useTheme();
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, L.Marker>());
  const framed = useRef<string | null>(null);
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  });

  // A new map frames its points afresh.
  useBaseMap(element, mapRef, { theme, tileUrl, tileAttribution, setup: () => () => (framed.current = null) });

  useEffect(() => {
    const map = mapRef.current;
    const el = element.current;
    if (!map || !el) return;
    const layer = L.layerGroup().addTo(map);
    const piles = new Map<string, FindingMapPoint[]>();
    for (const p of points) {
      const pile = piles.get(spot(p));
      if (pile) pile.push(p);
      else piles.set(spot(p), [p]);
    }
    const made = new Map<string, L.Marker>();
    for (const pile of piles.values()) {
      const first = pile[0];
      if (!first) continue;
      if (pile.length > 1)
        L.circleMarker([first.lat, first.lng], {
          radius: 4,
          color: '#37474f',
          weight: 1,
          fillColor: '#37474f',
          fillOpacity: 0.8,
          interactive: false,
        }).addTo(layer);
      pile.forEach((p, i) => {
        const [dx, dy] = fanOut(i, pile.length);
        const approximate = p.source === 'region';
        const icon = L.divIcon({
          className: `fv-marker fv-marker-${p.status}${approximate ? ' fv-approx' : ''}`,
          html: `<span aria-hidden="true">${escapeHtml(categoryMark(p.categoryCode))}</span>`,
          iconSize: [SIZE, SIZE],
          iconAnchor: [SIZE / 2 - dx, SIZE / 2 - dy],
          popupAnchor: [dx, dy - SIZE / 2],
        });
        const label = `${p.title} — ${t(`findings.status.${p.status}`)}${approximate ? ` (${t('findingsViews.map.approximate')})` : ''}`;
        const marker = L.marker([p.lat, p.lng], { icon, title: label, keyboard: true, riseOnHover: true });
        marker.bindPopup(() => popupFor(p), { maxWidth: 280 });
        marker.addTo(layer);
        const node = marker.getElement();
        if (node) {
          node.dataset.testid = 'finding-marker';
          node.dataset.id = p.id;
          node.dataset.status = p.status;
          node.dataset.source = p.source;
          node.style.setProperty('--fv-colour', STATUS_COLOURS[p.status]);
          node.setAttribute('role', 'button');
          node.setAttribute('aria-label', label);
        }
        made.set(p.id, marker);
      });
    }
    markers.current = made;
    el.dataset.count = String(points.length);

    function popupFor(p: FindingMapPoint): HTMLElement {
      const box = document.createElement('div');
      box.className = 'fv-popup';
      box.dataset.testid = 'finding-popup';
      const title = document.createElement('strong');
      title.textContent = p.title;
      const meta = document.createElement('div');
      meta.textContent = `${formatDay(p.occurredOn, language)} · ${categoryTitle(p.categoryCode)}`;
      const status = document.createElement('div');
      const badge = document.createElement('span');
      badge.className = `fv-status fv-status-${p.status}`;
      badge.textContent = t(`findings.status.${p.status}`);
      status.append(badge);
      box.append(title, meta, status);
      if (p.source !== 'station' && p.source !== 'own') {
        const note = document.createElement('div');
        note.className = 'fv-approx-note';
        note.textContent = t('findingsViews.map.approximateNote');
        box.append(note);
      } else if (p.source === 'station') {
        const note = document.createElement('div');
        note.className = 'muted';
        note.textContent = t('findingsViews.map.atStation');
        box.append(note);
      }
      const open = document.createElement('a');
      open.href = `/findings/${p.id}`;
      open.textContent = t('findingsViews.map.open');
      open.dataset.testid = 'finding-popup-open';
      open.addEventListener('click', (e) => {
        e.preventDefault();
        navigateRef.current(`/findings/${p.id}`);
      });
      box.append(open);
      return box;
    }

    // A new set of filters frames its points once; a live refresh keeps the view where it is.
    if (framed.current !== frame) {
      framed.current = frame;
      if (points.length > 0)
        map.fitBounds(L.latLngBounds(points.map((p): L.LatLngTuple => [p.lat, p.lng])).pad(0.2), { maxZoom: 10 });
      else map.fitBounds(COUNTRY);
    }
    return () => {
      layer.remove();
    };
  }, [points, frame, categoryMark, categoryTitle, language, t]);

  useEffect(() => {
    const map = mapRef.current;
    const marker = focus ? markers.current.get(focus.id) : undefined;
    if (!map || !marker) return;
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    marker.openPopup();
    // Only a new pick moves the map, not every refresh of the points.
  }, [focus]);

  return (
    <div className="fv-map-wrap">
      <MapBox element={element} className="fv-map" testId="findings-map" texts="findingsViews.map" offline={!tileUrl} />
    </div>
  );
}

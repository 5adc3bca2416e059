import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROTOCOL_STATES, type ProtocolState } from '../../../../shared/protocols.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { COUNTRY } from '../../lib/base-map.ts';
import { PROTOCOL_COLOURS } from '../../lib/protocol-colours.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useTheme } from '../../lib/theme.ts';
import { MapBox } from '../../lib/map-box.tsx';
import { useBaseMap } from '../../lib/use-base-map.ts';
import type { ProtocolStates } from './use-protocol-states.ts';

/**
 * How each state is drawn. Not by colour alone: no protocol is an empty ring; a flagged copy and
 * a difference from the official figures are bigger, with a dark edge, and drawn on top.
 */
const LOOK: Record<ProtocolState, { fill: boolean; stroke: string | null; weight: number; scale: number }> = {
  none: { fill: false, stroke: PROTOCOL_COLOURS.none, weight: 1, scale: 0.8 },
  received: { fill: true, stroke: null, weight: 1, scale: 1 },
  flagged: { fill: true, stroke: '#4a2500', weight: 1.5, scale: 1.3 },
  verified: { fill: true, stroke: null, weight: 1, scale: 1 },
  differs: { fill: true, stroke: '#3d0018', weight: 2, scale: 1.5 },
};
const OUTLINE = { light: '#ffffff', dark: '#0b1117' };

const radiusAt = (zoom: number) => (zoom <= 5 ? 2.5 : zoom <= 7 ? 3.5 : zoom <= 10 ? 5 : 7);

type StationMarker = L.CircleMarker & { stationIndex: number };

function boundsOf(stations: StationMap, keep: (i: number) => boolean): L.LatLngBounds | null {
  const points: L.LatLngTuple[] = [];
  for (let i = 0; i < stations.count; i++) if (keep(i)) points.push([stations.lat[i]!, stations.lng[i]!]);
  return points.length > 0 ? L.latLngBounds(points) : null;
}

/**
 * The coverage layer: every station in scope coloured by where its protocol stands, over the
 * outline of Kazakhstan that ships with the app (tiles beneath only when the server has them).
 * One canvas for all markers; a live change restyles only the stations it names.
 */
export function CoverageMap({
  stations,
  store,
  ready,
  region,
  keepToStations,
  tileUrl,
  tileAttribution,
  openProtocol,
}: {
  stations: StationMap;
  store: ProtocolStates;
  /** The protocol states have loaded (before that every station would read as "none"). */
  ready: boolean;
  /** Only this region's stations (the drill-down), or all in scope. */
  region: string | null;
  /** A regional coordinator: the home view is their stations, not the country. */
  keepToStations: boolean;
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Opens a station's protocol page; null when the user may not read protocols. */
  openProtocol: ((stationId: number) => void) | null;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  const [theme] = useTheme();
  const [layers, setLayers] = useState<ReadonlySet<ProtocolState>>(() => new Set(PROTOCOL_STATES));
  // Bumped by live changes: the legend's counts follow.
  const [version, setVersion] = useState(0);
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const refilterRef = useRef<(() => void) | null>(null);
  const restyleRef = useRef<(() => void) | null>(null);
  const current = useRef({ layers, region, t, openProtocol, theme });
  useEffect(() => {
    current.current = { layers, region, t, openProtocol, theme };
  });

  useBaseMap(element, mapRef, { theme, tileUrl, tileAttribution, options: { preferCanvas: true } });

  // Marker outlines that stand out on the land of the theme.
  useEffect(() => {
    restyleRef.current?.();
  }, [theme]);

  // The markers: made once per data set, restyled and filtered in place.
  useEffect(() => {
    const map = mapRef.current;
    const el = element.current;
    if (!map || !el) return;
    const renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    const group = L.featureGroup().addTo(map);
    const shown = new Uint8Array(stations.count);
    const indexOf = new Map<number, number>();
    const stateAt = (i: number) => store.stateOf(stations.id[i]!);
    const keep = (i: number) => {
      const { layers: on, region: only } = current.current;
      return on.has(stateAt(i)) && (only === null || stations.regions[stations.region[i]!] === only);
    };
    const style = (marker: StationMarker, radius: number) => {
      const state = stateAt(marker.stationIndex);
      const look = LOOK[state];
      marker.setStyle({
        radius: radius * look.scale,
        fill: look.fill,
        fillColor: PROTOCOL_COLOURS[state],
        fillOpacity: 0.9,
        color: look.stroke ?? OUTLINE[current.current.theme],
        weight: look.weight,
      });
      // Counted stations over the many without a copy yet (the latest change on top).
      if (state !== 'none' && shown[marker.stationIndex]) marker.bringToFront();
    };
    const markers: StationMarker[] = [];
    const radius = radiusAt(map.getZoom());
    for (let i = 0; i < stations.count; i++) {
      const marker = Object.assign(L.circleMarker([stations.lat[i]!, stations.lng[i]!], { renderer, radius }), {
        stationIndex: i,
      });
      style(marker, radius);
      markers.push(marker);
      indexOf.set(stations.id[i]!, i);
    }
    const publish = () => {
      el.dataset.shown = String(group.getLayers().length);
      el.dataset.ready = 'true';
    };
    const filter = (indexes: Iterable<number>) => {
      for (const i of indexes) {
        const want = keep(i) ? 1 : 0;
        if (want === shown[i]) continue;
        shown[i] = want;
        if (want) group.addLayer(markers[i]!);
        else group.removeLayer(markers[i]!);
      }
      publish();
    };
    const all = () => markers.map((m) => m.stationIndex);
    const restyleAll = () => {
      const r = radiusAt(map.getZoom());
      for (const marker of markers) style(marker, r);
    };
    filter(all());

    group.on('click', (event: L.LeafletMouseEvent) => {
      const index = (event.propagatedFrom as Partial<StationMarker>).stationIndex;
      if (index === undefined) return;
      const { t: tr, openProtocol: open } = current.current;
      const box = document.createElement('div');
      box.dataset.testid = 'results-map-popup';
      const title = document.createElement('strong');
      title.textContent = tr('results.map.station', { number: stations.number[index] });
      const state = document.createElement('div');
      state.textContent = tr(`results.state.${stateAt(index)}`);
      box.append(title, state);
      if (open) {
        const link = document.createElement('button');
        link.type = 'button';
        link.className = 'link';
        link.textContent = tr('results.map.open');
        const id = stations.id[index]!;
        link.addEventListener('click', () => open(id));
        box.append(link);
      }
      L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
    });
    map.on('zoomend', restyleAll);
    const unsubscribe = store.subscribe((changed) => {
      const indexes: number[] = [];
      for (const id of changed) {
        const i = indexOf.get(id);
        if (i !== undefined) indexes.push(i);
      }
      const r = radiusAt(map.getZoom());
      for (const i of indexes) style(markers[i]!, r);
      filter(indexes);
      setVersion((n) => n + 1);
    });
    refilterRef.current = () => filter(all());
    restyleRef.current = restyleAll;
    return () => {
      unsubscribe();
      map.off('zoomend', restyleAll);
      group.remove();
      refilterRef.current = null;
      restyleRef.current = null;
    };
  }, [stations, store]);

  // The snapshot arrived (every marker's state), or the layers or the region changed.
  useEffect(() => {
    restyleRef.current?.();
    refilterRef.current?.();
  }, [ready, layers, region]);

  // Home: the region's stations, or all of them (a coordinator's own), or the country.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const index = region === null ? -1 : stations.regions.indexOf(region);
    const bounds =
      region !== null
        ? boundsOf(stations, (i) => stations.region[i] === index)
        : keepToStations
          ? boundsOf(stations, () => true)
          : null;
    // Not animated: a zoom animation still running when the page goes (or React remounts the map)
    // ends on a removed map and throws.
    map.fitBounds(bounds ? bounds.pad(0.1) : COUNTRY, { animate: false });
  }, [region, stations, keepToStations]);

  // Per-state counts over the stations in view (the region, or all in scope), for the legend.
  void version;
  const counts: Record<ProtocolState, number> = { none: 0, received: 0, flagged: 0, verified: 0, differs: 0 };
  const regionIndex = region === null ? -1 : stations.regions.indexOf(region);
  for (let i = 0; i < stations.count; i++) {
    if (region !== null && stations.region[i] !== regionIndex) continue;
    counts[store.stateOf(stations.id[i]!)]++;
  }

  return (
    <section className="results-map-box" aria-labelledby="results-map-title">
      <h3 id="results-map-title">{t('results.map.title')}</h3>
      <fieldset className="results-layers">
        <legend>{t('results.map.layers')}</legend>
        {PROTOCOL_STATES.map((state) => (
          <label key={state} data-testid={`results-legend-${state}`} data-count={ready ? counts[state] : undefined}>
            <input
              type="checkbox"
              checked={layers.has(state)}
              data-testid={`results-layer-${state}`}
              onChange={(e) =>
                setLayers((on) => {
                  const next = new Set(on);
                  if (e.target.checked) next.add(state);
                  else next.delete(state);
                  return next;
                })
              }
            />
            <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
              <circle
                cx="7"
                cy="7"
                r={LOOK[state].fill ? 5 : 4.5}
                fill={LOOK[state].fill ? PROTOCOL_COLOURS[state] : 'none'}
                stroke={LOOK[state].stroke ?? PROTOCOL_COLOURS[state]}
                strokeWidth={LOOK[state].weight}
              />
            </svg>
            {t(`results.state.${state}`)} <span className="muted">({ready ? number.format(counts[state]) : '…'})</span>
          </label>
        ))}
      </fieldset>
      <MapBox element={element} className="results-map" testId="results-map" texts="results.map" offline={!tileUrl} />
    </section>
  );
}

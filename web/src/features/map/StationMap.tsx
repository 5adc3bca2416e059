import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import outline from 'virtual:kazakhstan-outline';
import { KAZAKHSTAN_BOUNDS } from '../../../../shared/geo.ts';
import type { Region } from '../../../../shared/regions.ts';
import type { StationLive, StationPhase } from '../../../../shared/reports.ts';
import type { StationMap as StationMapData } from '../../../../shared/stations.ts';
import { currentLanguage } from '../../lib/i18n.ts';

type Props = {
  stations: StationMapData;
  /** Live states by station id; `liveVersion` changes whenever they do. */
  live?: Map<number, StationLive>;
  liveVersion?: number;
  /** The station HQ is looking at: the map flies to it. */
  selectedId?: number | null;
  onSelect?: (stationId: number) => void;
  /** A region to show whole (from the regions table). */
  regionFocus?: string | null;
  regions: Region[];
  tileUrl: string | null;
  tileAttribution: string | null;
};

const HOME = L.latLngBounds(
  [KAZAKHSTAN_BOUNDS.south, KAZAKHSTAN_BOUNDS.west],
  [KAZAKHSTAN_BOUNDS.north, KAZAKHSTAN_BOUNDS.east],
);
const markerRadius = (zoom: number) => (zoom <= 5 ? 2.5 : zoom <= 7 ? 3.5 : zoom <= 10 ? 5 : 7);

/** Colour by where the station stands; a help call and silence override it. */
export const PHASE_COLOURS: Record<StationPhase, string> = {
  no_observer: '#9aa5b1',
  observer_assigned: '#0f4c81',
  on_site: '#1e88e5',
  opened: '#00897b',
  voting: '#2e7d32',
  closed: '#6a1b9a',
  counting: '#8e24aa',
  protocol_received: '#37474f',
  observer_left: '#37474f',
};
export const HELP_COLOUR = '#d32f2f';
export const SILENT_COLOUR = '#f57c00';

function liveStyle(state: StationLive | undefined, zoom: number): L.CircleMarkerOptions {
  const radius = markerRadius(zoom);
  if (!state) return { fillColor: PHASE_COLOURS.observer_assigned, radius, color: '#ffffff', weight: 1 };
  // Shape as well as colour: a help call is bigger with a dark ring, a silent station has a thick ring.
  if (state.helpOpen) return { fillColor: HELP_COLOUR, radius: radius * 2, color: '#5d0000', weight: 2 };
  if (state.silent) return { fillColor: SILENT_COLOUR, radius: radius * 1.4, color: '#7a3b00', weight: 2 };
  return { fillColor: PHASE_COLOURS[state.phase], radius, color: '#ffffff', weight: 1 };
}

/**
 * Every station as a canvas circle (one canvas, not 10,000 DOM nodes), over the country outline
 * that ships with the app; online tiles are drawn beneath when the server is given TILE_URL.
 */
export function StationMap({
  stations,
  regions,
  tileUrl,
  tileAttribution,
  live,
  liveVersion = 0,
  selectedId = null,
  onSelect,
  regionFocus = null,
}: Props) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markersRef = useRef<L.CircleMarker[]>([]);
  const liveRef = useRef(live);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  /** The sequence each marker was last styled for. */
  const styled = useRef(new Map<number, number>());
  useEffect(() => {
    liveRef.current = live;
  }, [live]);
  const tRef = useRef(t);
  const regionsRef = useRef(regions);
  const languageRef = useRef(language);
  useEffect(() => {
    tRef.current = t;
    regionsRef.current = regions;
    languageRef.current = language;
  }, [t, regions, language]);

  // The map itself, with the offline outline.
  useEffect(() => {
    if (!element.current) return;
    const map = L.map(element.current, {
      preferCanvas: true,
      minZoom: 4,
      maxZoom: 17,
      maxBounds: HOME.pad(0.5),
      worldCopyJump: false,
      zoomSnap: 0.25,
    });
    const showZoom = () => {
      if (element.current) element.current.dataset.zoom = String(map.getZoom());
    };
    map.on('zoomend', showZoom);
    map.fitBounds(HOME);
    showZoom();
    L.geoJSON(outline, {
      interactive: false,
      style: { color: '#5b6b7c', weight: 1.5, fillColor: '#eef3ea', fillOpacity: 1 },
    }).addTo(map);
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Optional online tiles, under the outline's border.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution: tileAttribution ?? '', maxZoom: 19, opacity: 0.85 });
    tiles.addTo(map).bringToBack();
    return () => {
      tiles.remove();
    };
  }, [tileUrl, tileAttribution]);

  // Stations.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    const layer = L.featureGroup();
    const radius = markerRadius(map.getZoom());
    const markers: L.CircleMarker[] = new Array(stations.count);
    for (let i = 0; i < stations.count; i++) {
      const marker = L.circleMarker([stations.lat[i]!, stations.lng[i]!], {
        renderer,
        radius,
        weight: 1,
        color: '#ffffff',
        fillColor: '#0f4c81',
        fillOpacity: 0.85,
      });
      (marker as L.CircleMarker & { stationIndex: number }).stationIndex = i;
      markers[i] = marker;
      layer.addLayer(marker);
    }
    layer.on('click', (event: L.LeafletMouseEvent) => {
      const index = (event.propagatedFrom as { stationIndex?: number }).stationIndex;
      if (index === undefined) return;
      const code = stations.regions[stations.region[index]!];
      const region = regionsRef.current.find((r) => r.code === code);
      const box = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = tRef.current('map.station', { number: stations.number[index] });
      const regionLine = document.createElement('div');
      regionLine.textContent = region ? region.name[languageRef.current] : (code ?? '');
      const voters = document.createElement('div');
      voters.textContent = tRef.current('map.voters', { count: stations.registeredVoters[index] });
      const state = liveRef.current?.get(stations.id[index]!);
      const phase = document.createElement('div');
      phase.dataset.testid = 'popup-phase';
      phase.textContent = state
        ? [
            tRef.current(`live.phase.${state.phase}`),
            state.helpOpen ? tRef.current('live.help') : '',
            state.silent ? tRef.current('live.silent') : '',
          ]
            .filter(Boolean)
            .join(' · ')
        : '';
      box.append(title, regionLine, voters, phase);
      if (onSelectRef.current) {
        const details = document.createElement('button');
        details.type = 'button';
        details.className = 'link';
        details.dataset.testid = 'popup-details';
        details.textContent = tRef.current('drawer.open');
        const id = stations.id[index]!;
        details.addEventListener('click', () => onSelectRef.current?.(id));
        box.append(details);
      }
      L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
    });
    layer.addTo(map);
    markersRef.current = markers;
    styled.current.clear();
    // Read by the browser tests and handy when debugging: what is really on the map.
    if (element.current) {
      element.current.dataset.markers = String(layer.getLayers().length);
      element.current.dataset.ready = 'true';
    }
    const resize = () => {
      const zoom = map.getZoom();
      for (let i = 0; i < markers.length; i++)
        markers[i]!.setStyle(liveStyle(liveRef.current?.get(stations.id[i]!), zoom));
    };
    map.on('zoomend', resize);
    return () => {
      map.off('zoomend', resize);
      layer.remove();
      markersRef.current = [];
    };
  }, [stations]);

  // Live colours: restyle the stations whose state changed.
  useEffect(() => {
    const map = mapRef.current;
    const markers = markersRef.current;
    if (!map || !live || markers.length === 0) return;
    const zoom = map.getZoom();
    const indexOf = new Map<number, number>();
    stations.id.forEach((id, i) => indexOf.set(id, i));
    let helpOpen = 0;
    for (const [id, state] of live) {
      if (state.helpOpen) helpOpen++;
      if (styled.current.get(id) === state.seq) continue;
      const i = indexOf.get(id);
      if (i === undefined) continue;
      markers[i]!.setStyle(liveStyle(state, zoom));
      if (state.helpOpen) markers[i]!.bringToFront();
      styled.current.set(id, state.seq);
    }
    if (element.current) element.current.dataset.helpOpen = String(helpOpen);
  }, [live, liveVersion, stations]);

  // Fly to the selected station.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || selectedId === null) return;
    const i = stations.id.indexOf(selectedId);
    if (i < 0) return;
    map.flyTo([stations.lat[i]!, stations.lng[i]!], Math.max(map.getZoom(), 12), { duration: 0.6 });
  }, [selectedId, stations]);

  // Fit the map to a region's stations.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !regionFocus) return;
    const r = stations.regions.indexOf(regionFocus);
    const points: L.LatLngTuple[] = [];
    for (let i = 0; i < stations.count; i++)
      if (stations.region[i] === r) points.push([stations.lat[i]!, stations.lng[i]!]);
    if (points.length) map.flyToBounds(L.latLngBounds(points).pad(0.1), { duration: 0.6 });
  }, [regionFocus, stations]);

  // Region names, in the current language.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const labels = L.layerGroup(
      regions.map((region) =>
        L.marker([region.center.lat, region.center.lng], {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: 'region-label',
            html: `<span>${escapeHtml(region.name[language])}</span>`,
            iconSize: undefined,
          }),
        }),
      ),
    ).addTo(map);
    return () => {
      labels.remove();
    };
  }, [regions, language]);

  return (
    <div className="map-wrap">
      <div
        ref={element}
        id="map"
        className="station-map"
        role="region"
        aria-label={t('map.label')}
        data-testid="station-map"
        tabIndex={0}
      />
      {!tileUrl && <p className="map-note">{t('map.offline')}</p>}
    </div>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../../shared/regions.ts';
import type { StationLive } from '../../../../shared/reports.ts';
import type { StationMap as StationMapData } from '../../../../shared/stations.ts';
import { COUNTRY } from '../../lib/base-map.ts';
import { escapeHtml } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { LiveStore } from './live-store.ts';
import { isFiltering, matches, type MapFilter } from './map-filter.ts';
import { DOTS_FROM_ZOOM, StationClusters } from './station-clusters.ts';
import { StationDots } from './station-dots.ts';
import { showsProtocol } from './station-look.tsx';
import type { Theme } from '../../lib/theme.ts';
import { MapBox } from '../../lib/map-box.tsx';
import { useBaseMap } from '../../lib/use-base-map.ts';

type Props = {
  stations: StationMapData;
  regions: Region[];
  tileUrl: string | null;
  tileAttribution: string | null;
  store: LiveStore;
  filter: MapFilter;
  /** Group stations at country zoom. */
  clustering: boolean;
  theme: Theme;
  /** The station HQ is looking at: the map flies to it. */
  selectedId: number | null;
  onSelect: (stationId: number) => void;
  /** Changes whenever the map should go back to its home view. */
  homeSignal: number;
  /** A regional coordinator's map stays on the stations they may see. */
  keepToStations: boolean;
};

const OUTLINE = { light: '#ffffff', dark: '#0b1117' };

function boundsOf(stations: StationMapData, keep: (i: number) => boolean = () => true): L.LatLngBounds | null {
  let south = 90,
    west = 180,
    north = -90,
    east = -180,
    any = false;
  for (let i = 0; i < stations.count; i++) {
    if (!keep(i)) continue;
    any = true;
    const lat = stations.lat[i]!;
    const lng = stations.lng[i]!;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
    if (lng < west) west = lng;
    if (lng > east) east = lng;
  }
  return any ? L.latLngBounds([south, west], [north, east]) : null;
}

/**
 * The live map: every station of the election over the country outline that ships with the app
 * (online tiles beneath when the server is given TILE_URL). Grouped at country zoom, one canvas
 * marker per station closer in. Leaflet objects live outside React: React only passes settings,
 * and live changes go from the store straight to the markers they concern.
 */
export function StationMap(props: Props) {
  const { stations, regions, tileUrl, tileAttribution, store, filter, clustering, theme } = props;
  const { selectedId, onSelect, homeSignal, keepToStations } = props;
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const dotsRef = useRef<StationDots | null>(null);
  const clustersRef = useRef<StationClusters | null>(null);
  const homeRef = useRef<L.LatLngBounds>(COUNTRY);
  // Set by the stations effect: re-apply the filter, re-arrange groups and markers.
  const refilterRef = useRef<(() => void) | null>(null);
  const arrangeRef = useRef<(() => void) | null>(null);
  // What the Leaflet callbacks read (kept current without rebuilding the layers).
  const current = useRef({ filter, clustering, t, language, regions, onSelect });
  useEffect(() => {
    current.current = { filter, clustering, t, language, regions, onSelect };
  });

  // The map itself, with the offline outline.
  useBaseMap(element, mapRef, {
    theme,
    tileUrl,
    tileAttribution,
    options: { preferCanvas: true, worldCopyJump: false },
    setup: (map) => {
      const showZoom = () => {
        if (element.current) element.current.dataset.zoom = String(map.getZoom());
      };
      map.on('zoomend', showZoom);
      showZoom();
      // Region names under the stations and their groups: a number is never hidden by a name.
      map.createPane('region-labels').style.zIndex = '450';
    },
  });

  // Marker outlines that stand out on the land of the theme.
  useEffect(() => {
    dotsRef.current?.setOutline(OUTLINE[theme]);
  }, [theme]);

  // Stations: markers and groups, made once per data set, then kept up to date incrementally.
  useEffect(() => {
    const map = mapRef.current;
    const el = element.current;
    if (!map || !el) return;
    const indexOf = new Map<number, number>();
    stations.id.forEach((id, i) => indexOf.set(id, i));
    const stateOf = (i: number) => store.states.get(stations.id[i]!);
    const regionOf = (i: number) => stations.regions[stations.region[i]!];
    const keep = (i: number) => matches(current.current.filter, regionOf(i), stateOf(i));

    const dots = new StationDots(map, stations, stateOf);
    dots.setOutline(OUTLINE[document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light']);
    const clusters = new StationClusters(
      map,
      stations,
      stateOf,
      (s) => ({
        title: current.current.t('map.clusterTitle', { count: s.count }),
        help: current.current.t('live.help'),
        violations: current.current.t('live.violations'),
        silent: current.current.t('live.silent'),
      }),
      (latlng, zoom) => map.flyTo(latlng, zoom, { duration: 0.5 }),
    );
    dotsRef.current = dots;
    clustersRef.current = clusters;
    const all = Array.from({ length: stations.count }, (_, i) => i);
    let clusterMembersStale = true;

    // The station card on a marker click.
    dots.group.on('click', (event: L.LeafletMouseEvent) => {
      const index = (event.propagatedFrom as { stationIndex?: number }).stationIndex;
      if (index === undefined) return;
      openPopup(map, event.latlng, index);
    });
    const openPopup = (m: L.Map, latlng: L.LatLng, index: number) => {
      const { t: tr, regions: rs, language: lang } = current.current;
      const code = regionOf(index);
      const region = rs.find((r) => r.code === code);
      const box = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = tr('map.station', { number: stations.number[index] });
      const regionLine = document.createElement('div');
      regionLine.textContent = region ? region.name[lang] : (code ?? '');
      const voters = document.createElement('div');
      voters.textContent = tr('map.voters', { count: stations.registeredVoters[index] });
      const state = stateOf(index);
      const phase = document.createElement('div');
      phase.dataset.testid = 'popup-phase';
      phase.textContent = state ? describe(state, tr) : '';
      const details = document.createElement('button');
      details.type = 'button';
      details.className = 'link';
      details.dataset.testid = 'popup-details';
      details.textContent = tr('drawer.open');
      const id = stations.id[index]!;
      details.addEventListener('click', () => current.current.onSelect(id));
      box.append(title, regionLine, voters, phase, details);
      L.popup().setLatLng(latlng).setContent(box).openOn(m);
    };

    const clustered = () => current.current.clustering && map.getZoom() < DOTS_FROM_ZOOM;
    const publish = () => {
      el.dataset.markers = String(dots.markers.length);
      el.dataset.visible = String(dots.visibleCount);
      el.dataset.mode = clustered() ? 'clusters' : 'dots';
      el.dataset.clusters = String(clustered() ? clusters.groupCount : 0);
      el.dataset.seq = String(store.seq);
      el.dataset.applied = String(store.applied);
    };
    // While groups are shown the single markers are off the map: restyling them waits until
    // they come back (live changes and zooms in between only mark them stale).
    let dotsStale = false;
    // Switches between groups and single markers as the zoom crosses the line.
    const arrange = () => {
      if (clustered()) {
        if (map.hasLayer(dots.group)) dots.group.remove();
        if (clusterMembersStale) {
          clusters.load(all.filter((i) => dots.isShown(i)));
          clusterMembersStale = false;
        }
        clusters.render();
        if (!map.hasLayer(clusters.layer)) clusters.layer.addTo(map);
      } else {
        if (map.hasLayer(clusters.layer)) clusters.layer.remove();
        if (dotsStale) {
          dots.restyleAll();
          dotsStale = false;
        }
        if (!map.hasLayer(dots.group)) dots.group.addTo(map);
      }
      publish();
    };
    const resize = () => {
      // Marker sizes follow the zoom.
      dotsStale = true;
      arrange();
    };
    const refilter = () => {
      dots.filter(all, keep);
      clusterMembersStale = true;
      arrange();
    };
    dots.filter(all, keep);
    arrange();
    map.on('zoomend', resize);
    map.on('moveend', arrange);

    // Live changes: only the stations that changed.
    let reloadTimer: number | null = null;
    const unsubscribe = store.subscribe((changed) => {
      const indexes: number[] = [];
      for (const state of changed) {
        const i = indexOf.get(state.stationId);
        if (i !== undefined) indexes.push(i);
      }
      if (indexes.length > 0) {
        if (clustered()) dotsStale = true;
        else dots.restyle(indexes);
        if (isFiltering(current.current.filter)) {
          const before = indexes.map((i) => dots.isShown(i));
          dots.filter(indexes, keep);
          // A station entered or left the filter: regroup, at most once a second.
          if (indexes.some((i, k) => dots.isShown(i) !== before[k]) && reloadTimer === null) {
            clusterMembersStale = true;
            reloadTimer = window.setTimeout(() => {
              reloadTimer = null;
              if (clustered()) arrange();
            }, 1000);
          }
        }
        if (clustered()) clusters.update(indexes);
      }
      publish();
    });
    el.dataset.ready = 'true';
    // When the stations are first on screen (read by the browser test and the benchmark).
    requestAnimationFrame(() => performance.mark('baqylau:map-drawn'));
    refilterRef.current = refilter;
    arrangeRef.current = arrange;
    return () => {
      unsubscribe();
      if (reloadTimer !== null) window.clearTimeout(reloadTimer);
      map.off('zoomend', resize);
      map.off('moveend', arrange);
      dots.group.remove();
      clusters.layer.remove();
      dotsRef.current = null;
      clustersRef.current = null;
      refilterRef.current = null;
      arrangeRef.current = null;
    };
  }, [stations, store]);
  // A new filter: add or remove the markers whose membership changed, regroup.
  useEffect(() => {
    refilterRef.current?.();
  }, [filter]);
  useEffect(() => {
    arrangeRef.current?.();
  }, [clustering]);

  // Home: the country for HQ; for a regional coordinator their stations, and no further.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const own = keepToStations ? boundsOf(stations) : null;
    homeRef.current = own ? own.pad(0.05) : COUNTRY;
    if (own) {
      map.setMaxBounds(own.pad(0.6));
      map.setMinZoom(Math.max(4, Math.floor(map.getBoundsZoom(own.pad(0.6)))));
    } else {
      map.setMaxBounds(COUNTRY.pad(0.5));
      map.setMinZoom(4);
    }
    map.fitBounds(homeRef.current);
  }, [stations, keepToStations]);
  useEffect(() => {
    if (homeSignal > 0) mapRef.current?.flyToBounds(homeRef.current, { duration: 0.6 });
  }, [homeSignal]);

  // Fly to the selected station.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || selectedId === null) return;
    const i = stations.id.indexOf(selectedId);
    if (i < 0) return;
    map.flyTo([stations.lat[i]!, stations.lng[i]!], Math.max(map.getZoom(), 12), { duration: 0.6 });
  }, [selectedId, stations]);

  // Fit the map to a region's stations when the region filter is set.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !filter.region) return;
    const r = stations.regions.indexOf(filter.region);
    const bounds = boundsOf(stations, (i) => stations.region[i] === r);
    if (bounds) map.flyToBounds(bounds.pad(0.1), { duration: 0.6 });
  }, [filter.region, stations]);

  // Region names, in the current language (only the regions whose stations this map holds).
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const present = new Set(stations.regions);
    const labels = L.layerGroup(
      regions
        .filter((region) => present.has(region.code))
        .map((region) =>
          L.marker([region.center.lat, region.center.lng], {
            pane: 'region-labels',
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
  }, [regions, language, stations]);

  return (
    <div className="map-wrap">
      <MapBox element={element} id="map" className="station-map" testId="station-map" texts="map" offline={!tileUrl} />
    </div>
  );
}

function describe(state: StationLive, t: (key: string, options?: Record<string, unknown>) => string): string {
  return [
    t(`live.phase.${state.phase}`),
    state.helpOpen ? t('live.help') : '',
    state.refusedEntry ? t('live.refusedEntry') : '',
    state.openViolations > 0
      ? t('violations.map.popup', {
          count: state.openViolations,
          severity: t(`violations.severity.${state.worstSeverity ?? 'serious'}`).toLowerCase(),
        })
      : '',
    state.silent ? t('live.silent') : '',
    showsProtocol(state) ? t('results.marker.protocol', { state: t(`results.state.${state.protocol}`) }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

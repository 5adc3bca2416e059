import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchStatus, GroupBoardItem, GroupStatus } from '../../../../shared/dispatch.ts';
import { useTheme } from '../../lib/theme.ts';
import { isStale } from './dispatch-format.ts';
import { useNow } from '../../lib/use-now.ts';
import { MapBox } from '../../lib/map-box.tsx';
import { useBaseMap } from '../../lib/use-base-map.ts';

const GROUP_COLOURS: Record<GroupStatus, string> = {
  off_duty: '#78909c',
  available: '#2e7d32',
  dispatched: '#ef6c00',
  en_route: '#1565c0',
  on_scene: '#6a1b9a',
  returning: '#00838f',
};
const STALE = { fill: '#b0b8c0', stroke: '#6b7680' };
/** Sent but not yet moving: dashed; on the way or there: solid. */
const DASHED: readonly DispatchStatus[] = ['pending', 'acknowledged'];

/**
 * The groups where they last were, the stations their current dispatches go to, and a line between
 * (dashed until the team sets off). SVG, not canvas: a few dozen shapes, each styled and testable.
 * Over the outline of Kazakhstan that ships with the app; online tiles only when the server has them.
 */
export function GroupMap({
  items,
  tileUrl,
  tileAttribution,
  focus,
  onSelect,
}: {
  items: GroupBoardItem[];
  tileUrl: string | null;
  tileAttribution: string | null;
  /** The group to centre on; `n` changes on every request, so the same group can be asked twice. */
  focus: { groupId: number; n: number } | null;
  onSelect: (groupId: number) => void;
}) {
  const { t } = useTranslation();
  const [theme] = useTheme();
  // Greying a position that went stale needs no faster clock than this.
  const now = useNow(15_000);
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const fitted = useRef(false);
  const selectRef = useRef(onSelect);
  useEffect(() => {
    selectRef.current = onSelect;
  });

  // A new map frames the groups once more.
  useBaseMap(element, mapRef, { theme, tileUrl, tileAttribution, setup: () => () => (fitted.current = false) });

  // Groups, targets and lines: a few dozen shapes, redrawn whole on every change.
  const focusedId = focus?.groupId ?? null;
  useEffect(() => {
    const map = mapRef.current;
    const el = element.current;
    if (!map || !el) return;
    const layer = L.layerGroup().addTo(map);
    const points: L.LatLngExpression[] = [];
    let lines = 0;
    let groups = 0;
    const targets = new Set<number>();
    for (const row of items) {
      const d = row.current;
      const pos = row.lastPosition;
      if (d && !targets.has(d.station.id)) {
        targets.add(d.station.id);
        points.push([d.station.lat, d.station.lng]);
        L.circleMarker([d.station.lat, d.station.lng], {
          radius: 7,
          color: '#c62828',
          weight: 3,
          fillColor: '#ffffff',
          fillOpacity: 1,
          className: 'dispatch-target',
        })
          .bindTooltip(t('dispatch.station', { number: d.station.number }), {
            permanent: true,
            direction: 'bottom',
            offset: [0, 6],
            className: 'target-label',
          })
          .addTo(layer);
      }
      if (d && pos) {
        lines++;
        L.polyline(
          [
            [pos.lat, pos.lng],
            [d.station.lat, d.station.lng],
          ],
          {
            color: GROUP_COLOURS[row.status],
            weight: 3,
            opacity: 0.9,
            dashArray: DASHED.includes(d.status) ? '8 6' : undefined,
            className: `dispatch-line dispatch-line-${d.status}`,
            interactive: false,
          },
        ).addTo(layer);
      }
      if (pos) {
        groups++;
        points.push([pos.lat, pos.lng]);
        const stale = isStale(row, now);
        const focused = row.group.id === focusedId;
        const marker = L.circleMarker([pos.lat, pos.lng], {
          radius: focused ? 12 : 9,
          color: stale ? STALE.stroke : focused ? '#000000' : '#ffffff',
          weight: focused ? 3 : 2,
          fillColor: stale ? STALE.fill : GROUP_COLOURS[row.status],
          fillOpacity: stale ? 0.7 : 0.95,
          dashArray: stale ? '3 3' : undefined,
          className: `group-marker group-marker-${row.group.id}${stale ? ' stale' : ''}`,
        })
          .bindTooltip(row.group.name, {
            permanent: true,
            direction: 'right',
            offset: [10, 0],
            className: stale ? 'group-label stale' : 'group-label',
          })
          .addTo(layer);
        marker.on('click', () => selectRef.current(row.group.id));
      }
    }
    el.dataset.groups = String(groups);
    el.dataset.lines = String(lines);
    el.dataset.targets = String(targets.size);
    // The first time there is something to show, frame it; after that the view is HQ's.
    if (!fitted.current && points.length > 0) {
      fitted.current = true;
      map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 12 });
    }
    return () => {
      layer.remove();
    };
  }, [items, now, focusedId, t]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focus) return;
    const row = items.find((r) => r.group.id === focus.groupId);
    const at = row?.lastPosition ?? (row?.current ? row.current.station : null);
    if (at) map.flyTo([at.lat, at.lng], Math.max(map.getZoom(), 12), { duration: 0.5 });
    // Only a new request moves the map, not every live update of the rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  const positioned = items.some((r) => r.lastPosition !== null);
  return (
    <div className="dispatch-map-box">
      <div className="dispatch-map-wrap">
        <MapBox
          element={element}
          className="dispatch-map"
          testId="dispatch-map"
          texts="dispatch.map"
          offline={!tileUrl}
        />
      </div>
      <ul className="map-legend">
        <li>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" stroke="currentColor" strokeWidth="3" strokeDasharray="6 4" />
          </svg>{' '}
          {t('dispatch.map.legendPending')}
        </li>
        <li>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" stroke="currentColor" strokeWidth="3" />
          </svg>{' '}
          {t('dispatch.map.legendEnRoute')}
        </li>
        <li>
          <span className="legend-dot stale" aria-hidden="true" /> {t('dispatch.map.legendStale')}
        </li>
        {!positioned && <li className="muted">{t('dispatch.map.noPositions')}</li>}
      </ul>
    </div>
  );
}

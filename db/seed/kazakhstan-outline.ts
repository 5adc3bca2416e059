// Kazakhstan's land outline for the demo generator: the country polygon of Natural Earth 1:50m
// (npm `world-atlas`, ISO 3166 numeric 398) minus the big inland waters, which that outline counts
// as land. The lake polygons are rough (about 5 km) but cover each lake's body, so no demo
// station is put in the water.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

const KAZAKHSTAN_ISO_NUMERIC = '398';

let outline: MultiPolygon | null = null;

/** The outline as GeoJSON `[lng, lat]` rings, read once from world-atlas. */
export function kazakhstanOutline(): MultiPolygon {
  if (outline) return outline;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const countries = topology.objects.countries;
  if (!countries || countries.type !== 'GeometryCollection') throw new Error('world-atlas: no countries object');
  const geometry = countries.geometries.find((g) => String(g.id) === KAZAKHSTAN_ISO_NUMERIC);
  if (!geometry) throw new Error('world-atlas: Kazakhstan (398) not found');
  const shape = (feature(topology, geometry) as Feature<Polygon | MultiPolygon>).geometry;
  outline = shape.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [shape.coordinates] } : shape;
  return outline;
}

/** Ray casting over one ring of `[lng, lat]` positions. */
function inRing(lng: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lng: number, lat: number, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(lng, lat, outer)) return false;
  return !holes.some((hole) => inRing(lng, lat, hole));
}

export function isInsideKazakhstan(lat: number, lng: number): boolean {
  return kazakhstanOutline().coordinates.some((polygon) => inPolygon(lng, lat, polygon));
}

/** Big lakes and reservoirs inside the outline, as `[lng, lat]` rings. */
export const LAKES: readonly { name: string; ring: Position[] }[] = [
  {
    name: 'Balkhash',
    ring: [
      [73.4, 45.75],
      [73.4, 46.1],
      [73.7, 46.5],
      [74.3, 46.78],
      [74.95, 46.79],
      [75.6, 46.65],
      [76.5, 46.5],
      [77.3, 46.42],
      [78.2, 46.5],
      [79.0, 46.7],
      [79.3, 46.58],
      [78.9, 46.3],
      [78.0, 46.12],
      [77.0, 46.08],
      [76.2, 46.12],
      [75.5, 46.18],
      [75.0, 46.2],
      [74.6, 45.85],
      [74.0, 45.7],
    ],
  },
  {
    name: 'Small Aral Sea',
    ring: [
      [60.15, 46.3],
      [60.55, 46.78],
      [61.2, 46.68],
      [61.65, 46.4],
      [61.45, 45.95],
      [60.8, 45.9],
      [60.25, 46.0],
    ],
  },
  {
    name: 'Alakol',
    ring: [
      [81.2, 46.15],
      [81.6, 46.4],
      [82.05, 46.25],
      [82.2, 45.95],
      [81.8, 45.8],
      [81.35, 45.85],
    ],
  },
  {
    name: 'Sasykkol',
    ring: [
      [80.65, 46.55],
      [81.2, 46.7],
      [81.35, 46.5],
      [80.85, 46.38],
    ],
  },
  {
    name: 'Zaysan',
    ring: [
      [83.4, 48.0],
      [84.0, 48.33],
      [84.8, 48.2],
      [85.0, 47.85],
      [84.3, 47.72],
      [83.65, 47.82],
    ],
  },
  {
    name: 'Bukhtarma reservoir',
    ring: [
      [82.55, 49.6],
      [83.0, 49.68],
      [83.5, 49.4],
      [84.2, 49.3],
      [84.3, 49.08],
      [83.6, 49.05],
      [83.0, 49.3],
      [82.55, 49.48],
    ],
  },
  {
    name: 'Kapshagay reservoir',
    ring: [
      [77.12, 43.92],
      [77.4, 44.07],
      [77.9, 44.12],
      [78.4, 44.0],
      [78.32, 43.82],
      [77.8, 43.86],
      [77.3, 43.83],
    ],
  },
  {
    name: 'Tengiz',
    ring: [
      [68.65, 50.3],
      [69.3, 50.65],
      [69.65, 50.45],
      [69.4, 50.15],
      [68.9, 50.05],
    ],
  },
];

export function isInLake(lat: number, lng: number): boolean {
  return LAKES.some((lake) => inRing(lng, lat, lake.ring));
}

/** Inside Kazakhstan and not in one of its big lakes. */
export function isOnLand(lat: number, lng: number): boolean {
  return isInsideKazakhstan(lat, lng) && !isInLake(lat, lng);
}

import { spreadsheetSafe } from '../csv.ts';
import { LOCAL_UTC_OFFSET_MINUTES, localWallClock } from '../../shared/geo.ts';
import type { Violation } from '../../shared/violations.ts';
import { toCsv } from '../imports/csv.ts';

/** An instant as local wall-clock time with its offset, the way HQ and a court read it. */
export function localIso(at: string): string {
  const shifted = localWallClock(at);
  const h = String(Math.floor(LOCAL_UTC_OFFSET_MINUTES / 60)).padStart(2, '0');
  const m = String(LOCAL_UTC_OFFSET_MINUTES % 60).padStart(2, '0');
  return `${shifted}+${h}:${m}`;
}

const COLUMNS = [
  'id',
  'station_number',
  'region',
  'address',
  'lat',
  'lng',
  'category_code',
  'article',
  'category_title_ru',
  'other_text',
  'severity',
  'status',
  'observed_at',
  'description',
  'involved',
  'chair_notified',
  'chair_answer',
  'act_written',
  'chair_signature',
  'secretary_signature',
  'evidence_count',
  'sha256',
  'complaints',
  'reporter',
] as const;

type ExportRow = Record<(typeof COLUMNS)[number], string | number | boolean | null>;

function exportRow(v: Violation): ExportRow {
  return {
    id: v.id,
    station_number: v.station.number,
    region: v.station.region,
    address: v.station.address,
    lat: v.station.lat,
    lng: v.station.lng,
    category_code: v.category.code,
    article: v.category.article,
    category_title_ru: v.category.title.ru,
    other_text: v.otherText,
    severity: v.severity,
    status: v.status,
    observed_at: localIso(v.observedAt),
    description: v.description,
    involved: v.involved.join('|'),
    chair_notified: v.chairNotified,
    chair_answer: v.chairAnswer,
    act_written: v.act !== null,
    chair_signature: v.act?.chairSignature ?? null,
    secretary_signature: v.act?.secretarySignature ?? null,
    evidence_count: v.evidence.length,
    // The hashes fix each original: a court can check a file it is given against them.
    sha256: v.evidence
      .map((e) => e.sha256)
      .filter((h) => h !== null)
      .join('|'),
    complaints: v.complaints,
    reporter: v.reporter.name,
  };
}

export function violationsCsv(items: Violation[], delimiter: 'comma' | 'semicolon'): string {
  const text = (value: ExportRow[keyof ExportRow]) =>
    value === null
      ? null
      : typeof value === 'boolean'
        ? value
          ? 'yes'
          : 'no'
        : typeof value === 'string'
          ? spreadsheetSafe(value)
          : value;
  return toCsv(
    COLUMNS,
    items.map((v) => {
      const row = exportRow(v);
      return COLUMNS.map((c) => text(row[c]));
    }),
    delimiter,
  );
}

export function violationsGeoJson(items: Violation[]) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map((v) => ({
      type: 'Feature' as const,
      id: v.id,
      geometry: { type: 'Point' as const, coordinates: [v.station.lng, v.station.lat] },
      properties: exportRow(v),
    })),
  };
}

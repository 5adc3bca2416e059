import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../../shared/regions.ts';
import { ON_SITE_PHASES, OPENED_PHASES } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { downloadCsv } from '../../lib/csv.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { LiveStore } from './live-store.ts';

interface Row {
  code: string;
  name: string;
  stations: number;
  coverage: number;
  onSite: number;
  opened: number;
  silent: number;
  help: number;
  violations: number;
  /** Stations whose worst open violation is of this severity (each station counted once). */
  worstCritical: number;
  worstSerious: number;
  worstMinor: number;
  turnoutPct: number;
  ownTurnoutPct: number;
}

type Key = keyof Row;
const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * Per region, computed from the same live state as the markers, so the table and the map never
 * disagree. Sortable; a click on a region zooms the map to it and narrows the panels to it.
 */
export function RegionsTable({
  stations,
  regions,
  store,
  version,
  selected,
  onRegion,
}: {
  stations: StationMap;
  regions: Region[];
  store: LiveStore;
  version: number;
  selected: string | null;
  onRegion: (code: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'name', desc: false });

  const rows = useMemo(() => {
    void version; // recomputed whenever the live state changes
    const byCode = new Map<
      string,
      Row & { registered: number; turnout: number; ownTurnout: number; ownRegistered: number; covered: number }
    >();
    for (let i = 0; i < stations.count; i++) {
      const code = stations.regions[stations.region[i]!]!;
      let row = byCode.get(code);
      if (!row) {
        row = {
          code,
          name: regions.find((r) => r.code === code)?.name[language] ?? code,
          stations: 0,
          coverage: 0,
          onSite: 0,
          opened: 0,
          silent: 0,
          help: 0,
          violations: 0,
          worstCritical: 0,
          worstSerious: 0,
          worstMinor: 0,
          turnoutPct: 0,
          ownTurnoutPct: 0,
          registered: 0,
          turnout: 0,
          ownTurnout: 0,
          ownRegistered: 0,
          covered: 0,
        };
        byCode.set(code, row);
      }
      row.stations++;
      row.registered += stations.registeredVoters[i]!;
      const state = store.states.get(stations.id[i]!);
      if (!state) continue;
      if (state.phase !== 'no_observer') row.covered++;
      if (ON_SITE_PHASES.includes(state.phase)) row.onSite++;
      if (OPENED_PHASES.includes(state.phase)) row.opened++;
      if (state.silent) row.silent++;
      if (state.helpOpen) row.help++;
      row.violations += state.openViolations;
      if (state.worstSeverity === 'critical') row.worstCritical++;
      else if (state.worstSeverity === 'serious') row.worstSerious++;
      else if (state.worstSeverity === 'minor') row.worstMinor++;
      row.turnout += state.chairTurnout ?? 0;
      // Own counts exist only where our observer keeps one: compare them with those stations' voters.
      if (state.ownTurnout !== null) {
        row.ownTurnout += state.ownTurnout;
        row.ownRegistered += stations.registeredVoters[i]!;
      }
    }
    return [...byCode.values()].map((r) => ({
      ...r,
      coverage: pct(r.covered, r.stations),
      turnoutPct: pct(r.turnout, r.registered),
      ownTurnoutPct: pct(r.ownTurnout, r.ownRegistered),
    }));
  }, [stations, regions, store, version, language]);

  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const order = typeof x === 'string' ? x.localeCompare(String(y), language) : (x as number) - (y as number);
    return sort.desc ? -order : order;
  });
  const number = new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 });
  // The live state knows each station's worst open violation, not every violation's severity:
  // the severity columns count stations, and their headers say so.
  const columns: [Key, string, string?][] = [
    ['name', t('regions.region')],
    ['stations', t('regions.stations')],
    ['coverage', t('regions.coverage')],
    ['onSite', t('regions.onSite')],
    ['opened', t('regions.opened')],
    ['silent', t('regions.silent')],
    ['help', t('regions.help')],
    ['violations', t('regions.violations'), t('violations.map.regionsOpen')],
    ['worstCritical', t('violations.map.col.critical'), t('violations.map.colTitle.critical')],
    ['worstSerious', t('violations.map.col.serious'), t('violations.map.colTitle.serious')],
    ['worstMinor', t('violations.map.col.minor'), t('violations.map.colTitle.minor')],
    ['turnoutPct', t('regions.turnout')],
    ['ownTurnoutPct', t('regions.ownTurnout')],
  ];
  const exportCsv = () =>
    downloadCsv('regions.csv', [
      columns.map(([, label]) => label),
      ...sorted.map((r) => columns.map(([key]) => r[key])),
    ]);

  return (
    <div className="regions-table">
      <div className="table-actions">
        {selected !== null && (
          <button type="button" onClick={() => onRegion(null)} data-testid="all-regions">
            {t('regions.all')}
          </button>
        )}
        <button type="button" onClick={exportCsv}>
          {t('regions.export')}
        </button>
      </div>
      <table className="table" data-testid="regions-table">
        <thead>
          <tr>
            {columns.map(([key, label, title]) => (
              <th
                key={key}
                scope="col"
                title={title}
                aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="link"
                  onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'name' })}
                >
                  {label}
                  {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.code} data-region={r.code} aria-selected={r.code === selected}>
              <td>
                <button type="button" className="link" onClick={() => onRegion(r.code === selected ? null : r.code)}>
                  {r.name}
                </button>
              </td>
              <td data-col="stations">{number.format(r.stations)}</td>
              <td data-col="coverage">{number.format(r.coverage)} %</td>
              <td data-col="onSite">{number.format(r.onSite)}</td>
              <td data-col="opened">{number.format(r.opened)}</td>
              <td data-col="silent">{number.format(r.silent)}</td>
              <td data-col="help" className={r.help > 0 ? 'danger' : undefined}>
                {number.format(r.help)}
              </td>
              <td data-col="violations" className={r.violations > 0 ? 'danger' : undefined}>
                {number.format(r.violations)}
              </td>
              <td data-col="worstCritical" className={r.worstCritical > 0 ? 'danger' : undefined}>
                {number.format(r.worstCritical)}
              </td>
              <td data-col="worstSerious">{number.format(r.worstSerious)}</td>
              <td data-col="worstMinor">{number.format(r.worstMinor)}</td>
              <td data-col="turnout">{number.format(r.turnoutPct)} %</td>
              <td data-col="ownTurnout">{number.format(r.ownTurnoutPct)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../../shared/regions.ts';
import { ON_SITE_PHASES, OPENED_PHASES, type StationLive } from '../../../../shared/reports.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { currentLanguage } from '../../lib/i18n.ts';

interface Row {
  code: string;
  name: string;
  stations: number;
  coverage: number;
  onSite: number;
  opened: number;
  silent: number;
  help: number;
  turnoutPct: number;
}

type Key = keyof Row;

/**
 * Per region, computed from the same live state as the markers, so the table and the map never
 * disagree. Sortable; a click flies the map to the region.
 */
export function RegionsTable({
  stations,
  regions,
  live,
  version,
  onRegion,
}: {
  stations: StationMap;
  regions: Region[];
  live: Map<number, StationLive>;
  version: number;
  onRegion: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'name', desc: false });

  const rows = useMemo(() => {
    void version; // recomputed whenever the live state changes
    const byCode = new Map<string, Row & { registered: number; turnout: number; covered: number }>();
    for (let i = 0; i < stations.count; i++) {
      const code = stations.regions[stations.region[i]!]!;
      let row = byCode.get(code);
      if (!row) {
        const region = regions.find((r) => r.code === code);
        row = {
          code,
          name: region?.name[language] ?? code,
          stations: 0,
          coverage: 0,
          onSite: 0,
          opened: 0,
          silent: 0,
          help: 0,
          turnoutPct: 0,
          registered: 0,
          turnout: 0,
          covered: 0,
        };
        byCode.set(code, row);
      }
      row.stations++;
      row.registered += stations.registeredVoters[i]!;
      const state = live.get(stations.id[i]!);
      if (state) {
        if (state.phase !== 'no_observer') row.covered++;
        if (ON_SITE_PHASES.includes(state.phase)) row.onSite++;
        if (OPENED_PHASES.includes(state.phase)) row.opened++;
        if (state.silent) row.silent++;
        if (state.helpOpen) row.help++;
        row.turnout += state.chairTurnout ?? 0;
      }
    }
    return [...byCode.values()].map((r) => ({
      ...r,
      coverage: r.stations ? Math.round((r.covered / r.stations) * 1000) / 10 : 0,
      turnoutPct: r.registered ? Math.round((r.turnout / r.registered) * 1000) / 10 : 0,
    }));
  }, [stations, regions, live, version, language]);

  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const order = typeof x === 'string' ? x.localeCompare(String(y), language) : (x as number) - (y as number);
    return sort.desc ? -order : order;
  });
  const number = new Intl.NumberFormat(language === 'kk' ? 'kk-KZ' : language, { maximumFractionDigits: 1 });
  const header = (key: Key, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="link"
        onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'name' })}
      >
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="regions-table">
      <table className="table" data-testid="regions-table">
        <thead>
          <tr>
            {header('name', t('regions.region'))}
            {header('stations', t('regions.stations'))}
            {header('coverage', t('regions.coverage'))}
            {header('onSite', t('regions.onSite'))}
            {header('opened', t('regions.opened'))}
            {header('silent', t('regions.silent'))}
            {header('help', t('regions.help'))}
            {header('turnoutPct', t('regions.turnout'))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.code} data-region={r.code}>
              <td>
                <button type="button" className="link" onClick={() => onRegion(r.code)}>
                  {r.name}
                </button>
              </td>
              <td>{number.format(r.stations)}</td>
              <td>{number.format(r.coverage)} %</td>
              <td>{number.format(r.onSite)}</td>
              <td>{number.format(r.opened)}</td>
              <td>{number.format(r.silent)}</td>
              <td className={r.help > 0 ? 'danger' : undefined}>{number.format(r.help)}</td>
              <td>{number.format(r.turnoutPct)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

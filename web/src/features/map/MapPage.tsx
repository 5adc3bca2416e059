import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { needsAttention } from '../../../../shared/attention.ts';
import type { SessionUser } from '../../../../shared/auth.ts';
import { scopeFor } from '../../../../shared/permissions.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useTheme } from '../../lib/theme.ts';
import { AttentionPanel } from './AttentionPanel.tsx';
import { FLAGS, NO_FILTER, PHASE_GROUP_KEYS, isFiltering, type MapFilter } from './map-filter.ts';
import { RegionsTable } from './RegionsTable.tsx';
import { StationDrawer } from './StationDrawer.tsx';
import { StationMap } from './StationMap.tsx';
import { StationSearch } from './StationSearch.tsx';
import { useLive } from './use-live.ts';
import { useMapData } from './use-map-data.ts';

type Tab = 'attention' | 'regions';
/** The side panel's tabs (the dispatch board and the violation queue join them with their issues). */
const TABS: [Tab, string, string][] = [
  ['attention', 'attention.tab', '1'],
  ['regions', 'regions.title', '2'],
];

/** Keys a coordinator uses all day (ignored while typing in a field). */
const SHORTCUTS: [string, string][] = [
  ['/', 'shortcuts.search'],
  ['N', 'shortcuts.next'],
  ['1', 'shortcuts.attention'],
  ['2', 'shortcuts.regions'],
  ['F', 'shortcuts.filter'],
  ['X', 'shortcuts.clear'],
  ['C', 'shortcuts.clusters'],
  ['0', 'shortcuts.home'],
  ['T', 'shortcuts.theme'],
  ['Esc', 'shortcuts.close'],
  ['?', 'shortcuts.help'],
];

export function MapPage({ user, navigate }: { user: SessionUser; navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const { state, reload } = useMapData();
  const live = useLive();
  const [theme, toggleTheme] = useTheme();
  const [selected, setSelected] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>('attention');
  const [filter, setFilter] = useState<MapFilter>(NO_FILTER);
  const [clustering, setClustering] = useState(true);
  const [homeSignal, setHomeSignal] = useState(0);
  const [showKeys, setShowKeys] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const filterRef = useRef<HTMLSelectElement>(null);
  const nextIndex = useRef(0);
  const regional = scopeFor(user.role, 'stations.read') === 'regions';
  // Correspondents see the map but not the violations behind the markers.
  const openViolations =
    scopeFor(user.role, 'violations.read') !== null && user.role !== 'station_observer' ? navigate : null;
  // HQ and coordinators send a mobile group from a station card or a help call.
  const dispatchTo = scopeFor(user.role, 'dispatch.write') !== null ? navigate : null;
  // A closed station's card links to its protocol (the observer has the field app for theirs).
  const openProtocol =
    scopeFor(user.role, 'protocols.read') !== null && user.role !== 'station_observer' ? navigate : null;
  const data = state.status === 'ready' ? state.data : null;

  const setRegion = useCallback((code: string | null) => setFilter((f) => ({ ...f, region: code })), []);

  // One place for the keyboard, so every key does the same thing wherever the focus is.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, select, textarea, [contenteditable="true"]');
      if (event.key === 'Escape') {
        setShowKeys(false);
        setSelected(null);
        return;
      }
      if (typing) return;
      const key = event.key.toLowerCase();
      const act = (fn: () => void) => {
        event.preventDefault();
        fn();
      };
      if (key === '/') act(() => searchRef.current?.focus());
      else if (key === '1') act(() => setTab('attention'));
      else if (key === '2') act(() => setTab('regions'));
      else if (key === 'f') act(() => filterRef.current?.focus());
      else if (key === 'x') act(() => setFilter(NO_FILTER));
      else if (key === 'c') act(() => setClustering((c) => !c));
      else if (key === '0') act(() => setHomeSignal((n) => n + 1));
      else if (key === 't') act(toggleTheme);
      else if (key === '?') act(() => setShowKeys((s) => !s));
      else if (key === 'n')
        act(() => {
          // The next item that needs attention, most urgent first, round and round.
          const items = needsAttention(
            [...live.store.states.values()].filter((s) => filter.region === null || s.region === filter.region),
          );
          if (items.length === 0) return;
          const item = items[nextIndex.current % items.length]!;
          nextIndex.current++;
          setTab('attention');
          setSelected(item.stationId);
        });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live.store, filter.region, toggleTheme]);

  const regionChoices = useMemo(() => {
    if (!data) return [];
    const present = new Set(data.stations.regions);
    return data.regions
      .filter((r) => present.has(r.code))
      .sort((a, b) => a.name[language].localeCompare(b.name[language], language));
  }, [data, language]);

  if (state.status === 'loading')
    return (
      <p className="state" role="status">
        {t('map.loading')}
      </p>
    );
  if (state.status === 'error')
    return (
      <div className="state state-error" role="alert">
        <p>{t('map.error', { message: state.message })}</p>
        <button type="button" onClick={reload}>
          {t('map.retry')}
        </button>
      </div>
    );
  const { stations, regions, config } = state.data;
  const number = new Intl.NumberFormat(intlLocale(language));

  return (
    <>
      <div className="toolbar map-toolbar">
        <span className="station-count" data-testid="station-count">
          {t('map.stations', { count: stations.count })}
        </span>
        <StationSearch ref={searchRef} stations={stations} onPick={setSelected} />
        <div className="map-filters" role="group" aria-label={t('filters.label')}>
          {regionChoices.length > 1 && (
            <FilterSelect
              id="region"
              label={t('filters.region')}
              any={t('filters.allRegions')}
              value={filter.region}
              options={regionChoices.map((r) => [r.code, r.name[language]])}
              onChange={setRegion}
            />
          )}
          <FilterSelect
            id="status"
            selectRef={filterRef}
            label={t('filters.status')}
            any={t('filters.anyStatus')}
            value={filter.phase}
            options={PHASE_GROUP_KEYS.map((k) => [k, t(`filters.phase.${k}`)])}
            onChange={(v) => setFilter((f) => ({ ...f, phase: PHASE_GROUP_KEYS.find((k) => k === v) ?? null }))}
          />
          <FilterSelect
            id="flag"
            label={t('filters.flag')}
            any={t('filters.anyFlag')}
            value={filter.flag}
            options={FLAGS.map((k) => [k, t(`filters.flags.${k}`)])}
            onChange={(v) => setFilter((f) => ({ ...f, flag: FLAGS.find((k) => k === v) ?? null }))}
          />
          {isFiltering(filter) && (
            <button type="button" onClick={() => setFilter(NO_FILTER)} data-testid="filter-clear">
              {t('filters.clear')}
            </button>
          )}
        </div>
        <label className="toggle">
          <input
            type="checkbox"
            checked={clustering}
            onChange={(e) => setClustering(e.target.checked)}
            data-testid="toggle-clusters"
          />
          {t('map.clusters')}
        </label>
        <button
          type="button"
          onClick={toggleTheme}
          data-testid="toggle-theme"
          aria-pressed={theme === 'dark'}
          title={theme === 'dark' ? t('theme.light') : t('theme.dark')}
          aria-label={theme === 'dark' ? t('theme.light') : t('theme.dark')}
        >
          ◐
        </button>
        <button
          type="button"
          onClick={() => setShowKeys((s) => !s)}
          aria-expanded={showKeys}
          title={t('shortcuts.help')}
        >
          ?
        </button>
      </div>
      {stations.electionId === null && (
        <p className="state banner" role="status">
          {t('map.noElection')}
        </p>
      )}
      {stations.electionId !== null && stations.count === 0 && (
        <p className="state banner" role="status">
          {t('map.empty')}
        </p>
      )}
      {showKeys && (
        <div className="shortcuts" role="dialog" aria-label={t('shortcuts.title')} data-testid="shortcuts">
          <h3>{t('shortcuts.title')}</h3>
          <dl>
            {SHORTCUTS.map(([key, label]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{t(label)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <div className="map-layout">
        <StationMap
          stations={stations}
          regions={regions}
          tileUrl={config.tileUrl}
          tileAttribution={config.tileAttribution}
          store={live.store}
          filter={filter}
          clustering={clustering}
          theme={theme}
          selectedId={selected}
          onSelect={setSelected}
          homeSignal={homeSignal}
          keepToStations={regional}
        />
        {/* The table is wide: the panel widens when a coordinator opens it (never on its own). */}
        <div className={tab === 'regions' && selected === null ? 'side wide' : 'side'}>
          <div className="tabs" role="tablist">
            {TABS.map(([id, label, key]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                data-testid={`tab-${id}`}
                onClick={() => setTab(id)}
              >
                {t(label)} <kbd>{key}</kbd>
              </button>
            ))}
            {filter.region !== null && (
              <span className="scope-note" data-testid="region-scope">
                {regions.find((r) => r.code === filter.region)?.name[language]} ·{' '}
                {number.format(stations.region.filter((r) => stations.regions[r] === filter.region).length)}
              </span>
            )}
          </div>
          <div className="side-body">
            {selected !== null ? (
              <StationDrawer
                stationId={selected}
                store={live.store}
                version={live.version}
                regions={regions}
                onClose={() => setSelected(null)}
                navigate={openViolations}
                dispatchTo={dispatchTo}
                openProtocol={openProtocol}
              />
            ) : tab === 'regions' ? (
              <RegionsTable
                stations={stations}
                regions={regions}
                store={live.store}
                version={live.version}
                selected={filter.region}
                onRegion={setRegion}
              />
            ) : (
              <AttentionPanel
                store={live.store}
                version={live.version}
                stations={stations}
                regions={regions}
                region={filter.region}
                connection={live.connection}
                canClose={scopeFor(user.role, 'help.close') !== null}
                onSelect={setSelected}
                onQueue={openViolations && ((number) => openViolations(`/violations?station=${number}`))}
                dispatchTo={dispatchTo}
              />
            )}
          </div>
        </div>
      </div>
    </>
  );
}

/** One filter: "any" (empty) or one of its options. */
function FilterSelect({
  id,
  label,
  any,
  value,
  options,
  onChange,
  selectRef,
}: {
  id: string;
  label: string;
  any: string;
  value: string | null;
  options: [string, string][];
  onChange: (value: string | null) => void;
  selectRef?: RefObject<HTMLSelectElement | null>;
}) {
  return (
    <select
      ref={selectRef}
      aria-label={label}
      data-testid={`filter-${id}`}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || null)}
    >
      <option value="">{any}</option>
      {options.map(([key, text]) => (
        <option key={key} value={key}>
          {text}
        </option>
      ))}
    </select>
  );
}

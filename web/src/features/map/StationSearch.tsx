import { forwardRef, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StationsPage, type StationSummary } from '../../../../shared/stations.ts';
import type { StationMap } from '../../../../shared/stations.ts';
import { getJson } from '../../lib/api-client.ts';

/**
 * Find a station by number (at once, from the map's own data) or by words of its address
 * (asked of the server as you type); Enter or a click flies the map to it.
 */
export const StationSearch = forwardRef<HTMLInputElement, { stations: StationMap; onPick: (id: number) => void }>(
  function StationSearch({ stations, onPick }, ref) {
    const { t } = useTranslation();
    const listId = useId();
    const [text, setText] = useState('');
    const [results, setResults] = useState<StationSummary[]>([]);
    const [active, setActive] = useState(0);
    const [notFound, setNotFound] = useState(false);
    const query = text.trim().replace(/^№\s*/, '');
    const asNumber = /^\d+$/.test(query) ? Number(query) : null;

    useEffect(() => {
      setNotFound(false);
      setActive(0);
      if (asNumber !== null || query.length < 2) {
        setResults([]);
        return;
      }
      const controller = new AbortController();
      // Wait for a pause in typing before asking.
      const timer = window.setTimeout(() => {
        getJson(`/api/stations?q=${encodeURIComponent(query)}&limit=8`, StationsPage, controller.signal).then(
          (page) => setResults(page.items),
          () => setResults([]),
        );
      }, 200);
      return () => {
        window.clearTimeout(timer);
        controller.abort();
      };
    }, [query, asNumber]);

    const pick = (id: number) => {
      setResults([]);
      onPick(id);
    };
    const submit = () => {
      if (asNumber !== null) {
        const i = stations.number.indexOf(asNumber);
        setNotFound(i < 0);
        if (i >= 0) pick(stations.id[i]!);
        return;
      }
      const chosen = results[active];
      if (chosen) pick(chosen.id);
      else setNotFound(query.length > 0);
    };

    return (
      <form
        className="inline search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <input
          ref={ref}
          type="search"
          placeholder={t('map.searchPlaceholder')}
          aria-label={t('map.search')}
          data-testid="station-search"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-activedescendant={results.length > 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && results.length) {
              e.preventDefault();
              setActive((a) => (a + 1) % results.length);
            } else if (e.key === 'ArrowUp' && results.length) {
              e.preventDefault();
              setActive((a) => (a - 1 + results.length) % results.length);
            } else if (e.key === 'Escape') {
              setResults([]);
              e.currentTarget.blur();
            }
          }}
        />
        <button type="submit">{t('map.search')}</button>
        {notFound && (
          <span className="form-error" role="alert">
            {t('map.noSuchStation')}
          </span>
        )}
        {results.length > 0 && (
          <ul className="search-results" id={listId} role="listbox" data-testid="search-results">
            {results.map((s, i) => (
              <li
                key={s.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(s.id);
                }}
              >
                <strong>№ {s.number}</strong> {s.locality}, {s.address}
              </li>
            ))}
          </ul>
        )}
      </form>
    );
  },
);

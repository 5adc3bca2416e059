import { useCallback, useState } from 'react';
import { localDate } from '../../../../shared/geo.ts';

/** The observer's own count of voters given a ballot: a big +1 that survives reloads. */
export function useTally(stationId: number | null) {
  const key = `baqylau.tally.${stationId ?? 'none'}.${localDate(new Date())}`;
  const read = () => {
    const n = Number(localStorage.getItem(key) ?? '0');
    return Number.isFinite(n) && n >= 0 ? n : 0;
  };
  const [count, setCount] = useState(read);
  const change = useCallback(
    (delta: number) => {
      setCount((current) => {
        const next = Math.max(0, current + delta);
        localStorage.setItem(key, String(next));
        return next;
      });
    },
    [key],
  );
  return { count, plus: () => change(1), minus: () => change(-1) };
}

import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'baqylau.theme';
const listeners = new Set<() => void>();

function stored(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'light' || value === 'dark') return value;
  } catch {
    // Private mode: fall through to the system's choice.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let theme: Theme = typeof window === 'undefined' ? 'light' : stored();

/** Sets `data-theme` on <html> (the CSS reads it) and remembers the choice. */
export function applyTheme(next: Theme): void {
  theme = next;
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // The choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}

export function initTheme(): void {
  document.documentElement.dataset.theme = theme;
}

/** Light for daylight rooms, dark for a night shift or a wall display. */
export function useTheme(): [Theme, () => void] {
  const current = useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => theme,
  );
  const toggle = useCallback(() => applyTheme(theme === 'dark' ? 'light' : 'dark'), []);
  return [current, toggle];
}

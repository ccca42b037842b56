import { useEffect } from 'react';
import { useMonitor } from '../state/store';

/** Puts the chosen theme on `<html data-theme>`; `system` leaves it to prefers-color-scheme. */
export function useTheme(): void {
  const theme = useMonitor((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

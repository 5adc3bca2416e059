import { useEffect, useState } from 'react';
import { BUILTIN_CATEGORIES } from '../../../../shared/violation-catalogue.ts';
import { ViolationCategoryList, type ViolationCategory } from '../../../../shared/violations.ts';
import { getJson } from '../../lib/api-client.ts';

const KEY = 'baqylau.field.violation-categories';

// A phone that has never reached the server still reports: the built-in grounds are in the app.
const BUILTIN: ViolationCategory[] = BUILTIN_CATEGORIES.map((c, i) => ({
  ...c,
  builtin: true,
  active: true,
  sortOrder: i * 10,
}));

function stored(): ViolationCategory[] {
  try {
    const parsed = ViolationCategoryList.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
    return parsed.success && parsed.data.items.length > 0 ? parsed.data.items : BUILTIN;
  } catch {
    return BUILTIN;
  }
}

/** The grounds for an act as HQ keeps them, kept on the phone for the next time it is offline. */
export function useViolationCategories(): ViolationCategory[] {
  const [categories, setCategories] = useState<ViolationCategory[]>(stored);
  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/violation-categories', ViolationCategoryList, controller.signal)
      .then((list) => {
        if (list.items.length === 0) return;
        try {
          localStorage.setItem(KEY, JSON.stringify(list));
        } catch {
          // Private mode: the list lasts for this page only.
        }
        setCategories(list.items);
      })
      .catch(() => {
        // Offline: the stored (or built-in) list stays.
      });
    return () => controller.abort();
  }, []);
  return categories;
}

import type { TFunction } from 'i18next';
import type { FigureValue } from '../../../../shared/protocols.ts';

/** A figure's value: a number in the UI language, a flag as yes/no, a missing figure as a dash. */
export function figureValue(value: FigureValue | null | undefined, t: TFunction, numbers: Intl.NumberFormat): string {
  if (value === null || value === undefined) return t('protocols.list.none');
  if (typeof value === 'boolean') return value ? t('protocols.yes') : t('protocols.no');
  return numbers.format(value);
}

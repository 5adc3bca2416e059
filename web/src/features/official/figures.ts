import type { BallotOption } from '../../../../shared/elections.ts';
import type { Language } from '../../../../shared/i18n.ts';
import { OFFICIAL_SCALARS, type OfficialFigures } from '../../../../shared/protocols.ts';
import { OFFICIAL_CSV_COLUMNS } from '../../../../shared/results.ts';
import { intlLocale } from '../../lib/format.ts';

/** Every compared key of two figure sets, in the paper's order: scalars, then the options in ballot order. */
export function figureRows(
  copy: OfficialFigures,
  official: OfficialFigures,
  options: readonly BallotOption[],
): { key: string; copy: number; official: number; diff: number }[] {
  const votes = (f: OfficialFigures) => new Map(f.votes.map((v) => [v.optionId, v.votes]));
  const c = votes(copy);
  const o = votes(official);
  const ordered = [...options].sort((a, b) => a.position - b.position || a.id - b.id).map((x) => x.id);
  const ids = [...new Set([...ordered, ...c.keys(), ...o.keys()])];
  return [
    ...OFFICIAL_SCALARS.map((key) => ({ key, copy: copy[key], official: official[key] })),
    ...ids.map((id) => ({ key: `votes.${id}`, copy: c.get(id) ?? 0, official: o.get(id) ?? 0 })),
  ].map((r) => ({ ...r, diff: r.official - r.copy }));
}

/** A whole number in the UI language's grouping. */
export const formatCount = (value: number, language: Language) =>
  new Intl.NumberFormat(intlLocale(language)).format(value);

/** A difference with its sign: +5, −3, 0. */
export const formatDiff = (value: number, language: Language) =>
  new Intl.NumberFormat(intlLocale(language), { signDisplay: 'exceptZero' }).format(value);

/** The official CSV's header: the fixed columns, then `option_<position>` per ballot option in ballot order. */
export function templateHeader(options: readonly BallotOption[]): string[] {
  const positions = [...new Set(options.map((o) => o.position))].sort((a, b) => a - b);
  return [...OFFICIAL_CSV_COLUMNS, ...positions.map((p) => `option_${p}`)];
}

import { useTranslation } from 'react-i18next';
import { formatLocalDate, intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';

/** Distinct hues that also print apart in grey (alternating light and dark), enough for every region. */
export const SERIES_COLOURS = [
  '#1f77b4',
  '#ffbb78',
  '#2ca02c',
  '#ff9896',
  '#9467bd',
  '#c5b0d5',
  '#8c564b',
  '#f7b6d2',
  '#7f7f7f',
  '#dbdb8d',
  '#17becf',
  '#d62728',
  '#aec7e8',
  '#ff7f0e',
  '#98df8a',
  '#393b79',
  '#bcbd22',
  '#e377c2',
  '#9edae5',
  '#637939',
];

export interface Series {
  key: string;
  label: string;
  colour: string;
}

/** A week's Monday as DD.MM (the axis has no room for the year; the table and tooltips have it). */
export const weekLabel = (w: string) => `${w.slice(8, 10)}.${w.slice(5, 7)}`;

const H = 260;
const TOP = 18;
const BOTTOM = 34;
const LEFT = 40;
const RIGHT = 8;

/**
 * The axis for counts up to `n`: whole numbers only, a round step (1, 2, 5, 10, 20, 50…) and at
 * most five steps, the top at or above `n`.
 */
export function countAxis(n: number): { max: number; ticks: number[] } {
  const top = Math.max(1, Math.ceil(n));
  let step = 1;
  for (let p = 1; top / step > 5; p *= 10) {
    const found = [1, 2, 5, 10].map((m) => m * p).find((s) => top / s <= 5);
    step = found ?? 10 * p;
  }
  const max = Math.ceil(top / step) * step;
  return { max, ticks: Array.from({ length: max / step + 1 }, (_, i) => i * step) };
}

/**
 * Findings per week as stacked bars, one colour per region or category. Drawn as plain SVG: no
 * script or network to print it, and every segment carries its numbers (and a tooltip).
 */
export function TimelineChart({
  weeks,
  series,
  count,
}: {
  weeks: string[];
  series: Series[];
  count: (week: string, key: string) => number;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  const totals = weeks.map((w) => series.reduce((sum, s) => sum + count(w, s.key), 0));
  const { max, ticks } = countAxis(Math.max(0, ...totals));
  const step = Math.max(1, Math.min(60, Math.floor(640 / Math.max(1, weeks.length))));
  const width = LEFT + RIGHT + step * weeks.length;
  const plot = H - TOP - BOTTOM;
  const y = (v: number) => TOP + plot - (v / max) * plot;
  const labelEvery = Math.ceil(weeks.length / 12);
  const bar = Math.max(4, step * 0.72);

  return (
    <figure className="fv-chart">
      <svg
        viewBox={`0 0 ${width} ${H}`}
        width="100%"
        style={{ maxWidth: `${Math.max(width, 320)}px` }}
        role="img"
        aria-label={t('findingsViews.timeline.chartLabel', { weeks: weeks.length })}
        data-testid="findings-timeline"
      >
        {ticks.map((v) => (
          <g key={v} className="fv-tick">
            <line x1={LEFT} x2={width - RIGHT} y1={y(v)} y2={y(v)} />
            <text x={LEFT - 4} y={y(v) + 4} textAnchor="end">
              {number.format(v)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const x = LEFT + i * step + (step - bar) / 2;
          let base = 0;
          return (
            <g key={w} data-week={w} data-total={totals[i]}>
              {series.map((s) => {
                const n = count(w, s.key);
                if (n === 0) return null;
                const top = y(base + n);
                const height = y(base) - top;
                base += n;
                return (
                  <rect
                    key={s.key}
                    className="fv-segment"
                    x={x}
                    y={top}
                    width={bar}
                    height={height}
                    fill={s.colour}
                    data-week={w}
                    data-key={s.key}
                    data-count={n}
                  >
                    <title>{`${t('findingsViews.timeline.weekOf', { date: formatLocalDate(w, language) })} · ${s.label}: ${number.format(n)}`}</title>
                  </rect>
                );
              })}
              {(totals[i] ?? 0) > 0 && (
                <text className="fv-bar-total" x={x + bar / 2} y={y(totals[i] ?? 0) - 3} textAnchor="middle">
                  {number.format(totals[i] ?? 0)}
                </text>
              )}
              {i % labelEvery === 0 && (
                <text className="fv-axis-label" x={x + bar / 2} y={H - BOTTOM + 14} textAnchor="middle">
                  {weekLabel(w)}
                </text>
              )}
            </g>
          );
        })}
        <line className="fv-axis" x1={LEFT} x2={width - RIGHT} y1={y(0)} y2={y(0)} />
        <text className="fv-axis-title" x={LEFT} y={H - 4}>
          {t('findingsViews.timeline.axisWeeks')}
        </text>
      </svg>
      <figcaption>
        <ul className="fv-series-legend" aria-label={t('findingsViews.timeline.legend')}>
          {series.map((s) => (
            <li key={s.key}>
              <span className="fv-swatch" style={{ background: s.colour }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

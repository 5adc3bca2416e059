import { FigureDiffTable } from './FigureDiffTable.tsx';
import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { RegionComparison } from '../../../../shared/results.ts';
import { figureRows } from './figures.ts';

/** Per region: our copies' totals against the official ones, every figure and every option. */
export function RegionTotals({
  regions,
  options,
  regionName,
}: {
  regions: RegionComparison[];
  options: BallotOption[];
  regionName: (code: string) => string;
}) {
  const { t } = useTranslation();
  const compared = regions.filter((r) => r.stations > 0);
  if (compared.length === 0) return <p className="state">{t('official.regions.none')}</p>;
  return (
    <div className="official-regions">
      {compared.map((r) => (
        <details
          key={r.region}
          className="official-region"
          data-testid={`region-comparison-${r.region}`}
          data-stations={r.stations}
          data-differences={r.differences.length}
          // Regions where the totals differ are what the reader came for.
          open={r.differences.length > 0}
        >
          <summary>
            <strong>{regionName(r.region)}</strong> · {t('official.regions.stations', { count: r.stations })}
            {r.differences.length > 0 && (
              <span className="official-down">
                {' '}
                · {t('official.regions.differing', { count: r.differences.length })}
              </span>
            )}
          </summary>
          <div className="official-scroll">
            <FigureDiffTable rows={figureRows(r.copy, r.official, options)} options={options} />
          </div>
        </details>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { RegionComparison } from '../../../../shared/results.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { figureLabel } from '../../components/protocol/figure-label.ts';
import { figureRows, formatCount, formatDiff } from './figures.ts';

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
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
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
            <table className="table official-figures">
              <thead>
                <tr>
                  <th scope="col">{t('official.discrepancies.figure')}</th>
                  <th scope="col" className="num">
                    {t('official.discrepancies.copy')}
                  </th>
                  <th scope="col" className="num">
                    {t('official.discrepancies.official')}
                  </th>
                  <th scope="col" className="num">
                    {t('official.discrepancies.difference')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {figureRows(r.copy, r.official, options).map((row) => (
                  <tr
                    key={row.key}
                    data-key={row.key}
                    data-diff={row.diff}
                    className={row.diff !== 0 ? 'official-row-differs' : undefined}
                  >
                    <th scope="row">{figureLabel(row.key, options, t, language)}</th>
                    <td className="num">{formatCount(row.copy, language)}</td>
                    <td className="num">{formatCount(row.official, language)}</td>
                    <td className={`num${row.diff > 0 ? ' official-up' : row.diff < 0 ? ' official-down' : ''}`}>
                      {formatDiff(row.diff, language)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { OfficialDifference } from '../../../../shared/protocols.ts';
import { figureLabel } from '../../components/protocol/figure-label.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatCount, formatDiff } from './figures.ts';

/** Figures of our copy against the official ones with the signed difference; differing rows marked. */
export function FigureDiffTable({
  rows,
  options,
  rowTestId,
}: {
  rows: readonly OfficialDifference[];
  options: readonly BallotOption[];
  rowTestId?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  return (
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
        {rows.map((row) => (
          <tr
            key={row.key}
            data-testid={rowTestId}
            data-key={row.key}
            data-copy={row.copy}
            data-official={row.official}
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
  );
}

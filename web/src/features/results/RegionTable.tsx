import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { Region } from '../../../../shared/regions.ts';
import type { Tally } from '../../../../shared/results.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { ballotsCounted, leading, percent } from './results-format.ts';

/** One row per region in scope; a row (click, Enter or Space) opens the region. */
export function RegionTable({
  tallies,
  options,
  regions,
  onOpen,
}: {
  tallies: Tally[];
  options: BallotOption[];
  regions: Map<string, Region>;
  onOpen: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  const optionName = new Map(options.map((o) => [o.id, o.name[language]]));

  return (
    <section className="results-regions" aria-labelledby="results-regions-title">
      <h3 id="results-regions-title">{t('results.regions.title')}</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('results.regions.region')}</th>
            <th scope="col" className="num">
              {t('results.regions.counted')}
            </th>
            <th scope="col" className="num">
              {t('results.regions.turnout')}
            </th>
            <th scope="col">{t('results.regions.leading')}</th>
          </tr>
        </thead>
        <tbody>
          {tallies.map((tally) => {
            const code = tally.region ?? '';
            const name = regions.get(code)?.name[language] ?? code;
            const whole = ballotsCounted(tally);
            const top = leading(tally, 2);
            return (
              <tr
                key={code}
                className="clickable"
                tabIndex={0}
                data-testid={`results-region-${code}`}
                data-counted={tally.stationsCounted}
                title={t('results.regions.open', { region: name })}
                onClick={() => onOpen(code)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(code);
                  }
                }}
              >
                <th scope="row">
                  <a
                    href={`/results?region=${encodeURIComponent(code)}`}
                    tabIndex={-1}
                    onClick={(e) => e.preventDefault()}
                  >
                    {name}
                  </a>
                </th>
                <td className="num">
                  {number.format(tally.stationsCounted)} / {number.format(tally.stationsTotal)}{' '}
                  <span className="muted">({percent(tally.stationsCounted, tally.stationsTotal, language)})</span>
                </td>
                <td className="num">{percent(tally.turnout, tally.registeredCovered, language)}</td>
                <td>
                  {top.length === 0
                    ? t('results.regions.none')
                    : top
                        .map((o) => `${optionName.get(o.optionId) ?? o.optionId} ${percent(o.votes, whole, language)}`)
                        .join(' · ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

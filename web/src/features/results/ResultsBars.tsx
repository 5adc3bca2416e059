import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import type { Tally } from '../../../../shared/results.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { ballotsCounted, percent } from './results-format.ts';

/**
 * Each option's share as a horizontal bar, in ballot order (the order the voter saw, not a
 * ranking). The number and the percentage are text beside each bar, so a screen reader and a
 * printout read the same as the chart.
 */
export function ResultsBars({ options, tally }: { options: BallotOption[]; tally: Tally }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const number = new Intl.NumberFormat(intlLocale(language));
  const whole = ballotsCounted(tally);
  const votesOf = new Map(tally.votes.map((v) => [v.optionId, v.votes]));
  const top = Math.max(0, ...tally.votes.map((v) => v.votes));

  return (
    <section className="results-bars" aria-labelledby="results-bars-title">
      <h3 id="results-bars-title">{t('results.bars.title')}</h3>
      <p className="muted small">{t('results.bars.caption')}</p>
      <ol className="bar-list">
        {options.map((option) => {
          const votes = votesOf.get(option.id) ?? 0;
          const share = whole > 0 ? votes / whole : 0;
          return (
            <li
              key={option.id}
              className={`bar-row${votes === top && top > 0 ? ' lead' : ''}`}
              data-testid={`results-bar-${option.id}`}
              data-votes={votes}
            >
              <span className="bar-name">
                {option.name[language]}
                {option.affiliation && <span className="muted"> · {option.affiliation}</span>}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${(share * 100).toFixed(2)}%` }} />
              </span>
              <span className="bar-value">
                {t('results.bars.value', { votes: number.format(votes), percent: percent(votes, whole, language) })}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

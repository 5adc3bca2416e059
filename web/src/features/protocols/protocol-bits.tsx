import { useTranslation } from 'react-i18next';
import {
  flattenFigures,
  type FigureDifference,
  type OfficialDifference,
  type ProtocolBallot,
  type ProtocolFigures,
  type ProtocolState,
} from '../../../../shared/protocols.ts';
import { intlLocale } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { figureLabel } from '../../components/protocol/figure-label.ts';
import { figureValue } from './figure-labels.ts';

/** The state in a word and a colour mark, so it reads without colour too. */
export function StateBadge({ state }: { state: ProtocolState }) {
  const { t } = useTranslation();
  return (
    <span className={`pr-state pr-state-${state}`} data-state={state}>
      <span className="pr-dot" aria-hidden="true" />
      {t(`protocols.state.${state}`)}
    </span>
  );
}

/**
 * Read-only figures, one column per copy (the observer's and the operator's side by side), rows in
 * paper-form order; `highlight` marks the rows that differ.
 */
export function FiguresTable({
  ballot,
  columns,
  highlight,
  testId,
}: {
  ballot: ProtocolBallot;
  columns: { label: string; figures: ProtocolFigures }[];
  highlight?: ReadonlySet<string>;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const numbers = new Intl.NumberFormat(intlLocale(language));
  const flat = columns.map((c) => flattenFigures(c.figures));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return (
    <table className="table pr-figures" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('protocols.figures.head')}</th>
          {columns.map((c) => (
            <th key={c.label} scope="col" className="num">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key} data-key={key} data-highlight={highlight?.has(key) ? 'true' : undefined}>
            <th scope="row">{figureLabel(key, ballot.options, t, language)}</th>
            {flat.map((f, i) => (
              <td key={columns[i]!.label} className="num">
                {figureValue(f.get(key), t, numbers)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a version changed, figure by figure (before → after). */
export function ChangesTable({ ballot, changes }: { ballot: ProtocolBallot; changes: readonly FigureDifference[] }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const numbers = new Intl.NumberFormat(intlLocale(language));
  if (changes.length === 0) return <p className="muted">{t('protocols.station.noChanges')}</p>;
  return (
    <table className="table pr-changes">
      <thead>
        <tr>
          <th scope="col">{t('protocols.station.changesHead.figure')}</th>
          <th scope="col" className="num">
            {t('protocols.station.changesHead.before')}
          </th>
          <th scope="col" className="num">
            {t('protocols.station.changesHead.after')}
          </th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.key} data-key={c.key}>
            <th scope="row">{figureLabel(c.key, ballot.options, t, language)}</th>
            <td className="num">{figureValue(c.a, t, numbers)}</td>
            <td className="num">{figureValue(c.b, t, numbers)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The official figures against the verified copy, largest difference first. */
export function OfficialTable({
  ballot,
  differences,
}: {
  ballot: ProtocolBallot;
  differences: readonly OfficialDifference[];
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const numbers = new Intl.NumberFormat(intlLocale(language));
  const signed = new Intl.NumberFormat(intlLocale(language), { signDisplay: 'exceptZero' });
  return (
    <table className="table pr-official" data-testid="protocol-official-differences">
      <thead>
        <tr>
          <th scope="col">{t('protocols.station.officialHead.figure')}</th>
          <th scope="col" className="num">
            {t('protocols.station.officialHead.copy')}
          </th>
          <th scope="col" className="num">
            {t('protocols.station.officialHead.official')}
          </th>
          <th scope="col" className="num">
            {t('protocols.station.officialHead.diff')}
          </th>
        </tr>
      </thead>
      <tbody>
        {differences.map((d) => (
          <tr key={d.key} data-key={d.key}>
            <th scope="row">{figureLabel(d.key, ballot.options, t, language)}</th>
            <td className="num">{numbers.format(d.copy)}</td>
            <td className="num">{numbers.format(d.official)}</td>
            <td className="num pr-diff">{signed.format(d.diff)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { FigureDiffTable } from './FigureDiffTable.tsx';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BallotOption } from '../../../../shared/elections.ts';
import { DiscrepancyViolation, type StationDiscrepancy } from '../../../../shared/results.ts';
import { sendJson } from '../../lib/api-client.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { uuid } from '../../lib/uuid.ts';
import { formatCount } from './figures.ts';

interface Props {
  stations: StationDiscrepancy[];
  options: BallotOption[];
  regionName: (code: string) => string;
  canReport: boolean;
  navigate: (path: string) => void;
  onViolation: (stationId: number, violationId: string) => void;
}

/** Stations whose official figures differ from the verified copy, largest difference first (as the server sorts them). */
export function DiscrepancyList({ stations, options, regionName, canReport, navigate, onViolation }: Props) {
  // One request id per station for the page's life: a retry after a lost answer is the same violation.
  const requestIds = useRef(new Map<number, string>());
  const requestId = (stationId: number) => {
    let id = requestIds.current.get(stationId);
    if (!id) {
      id = uuid();
      requestIds.current.set(stationId, id);
    }
    return id;
  };
  return (
    <ol className="official-discrepancies">
      {stations.map((s) => (
        <DiscrepancyItem
          key={s.stationId}
          station={s}
          options={options}
          regionName={regionName}
          canReport={canReport}
          navigate={navigate}
          onViolation={onViolation}
          requestId={requestId}
        />
      ))}
    </ol>
  );
}

function DiscrepancyItem({
  station: s,
  options,
  regionName,
  canReport,
  navigate,
  onViolation,
  requestId,
}: Omit<Props, 'stations'> & { station: StationDiscrepancy; requestId: (stationId: number) => string }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState(false);
  const link = useRef<HTMLAnchorElement>(null);
  const figuresId = `official-figures-${s.stationId}`;

  async function makeViolation() {
    if (pending || s.violationId) return;
    setPending(true);
    setError(null);
    try {
      const answer = await sendJson('POST', `/api/official-results/${s.stationId}/violation`, DiscrepancyViolation, {
        id: requestId(s.stationId),
      });
      onViolation(s.stationId, answer.violationId);
      setMade(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  const violationHref = s.violationId ? `/violations/${s.violationId}` : null;
  // The button the keyboard was on is gone: the link that replaced it takes the focus.
  useEffect(() => {
    if (made && violationHref) link.current?.focus();
  }, [made, violationHref]);
  return (
    <li
      className="official-discrepancy"
      data-testid={`discrepancy-${s.stationId}`}
      data-largest={s.largest}
      data-number={s.number}
    >
      <div className="official-discrepancy-head">
        <strong>{t('official.discrepancies.station', { number: s.number })}</strong>
        <span className="muted">{regionName(s.region)}</span>
        <span className="official-largest">
          {t('official.discrepancies.largest', { value: formatCount(s.largest, language) })}
        </span>
        <span>{t('official.discrepancies.figures', { count: s.differences.length })}</span>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={figuresId}
          data-testid={`discrepancy-toggle-${s.stationId}`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('official.discrepancies.hide') : t('official.discrepancies.show')}
        </button>
        <a
          href={`/protocols/${s.stationId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/protocols/${s.stationId}`);
          }}
        >
          {t('official.discrepancies.protocol')}
        </a>
        {violationHref ? (
          <a
            ref={link}
            href={violationHref}
            data-testid={`violation-link-${s.stationId}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(violationHref);
            }}
          >
            {t('official.discrepancies.violation')}
          </a>
        ) : (
          canReport && (
            <button
              type="button"
              className="official-violation"
              data-testid={`make-violation-${s.stationId}`}
              disabled={pending}
              aria-busy={pending}
              onClick={() => void makeViolation()}
            >
              {pending ? t('official.discrepancies.making') : t('official.discrepancies.makeViolation')}
            </button>
          )
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {t('official.discrepancies.violationFailed', { message: error })}
        </p>
      )}
      <div id={figuresId} hidden={!open}>
        {open && <FigureDiffTable rows={s.differences} options={options} rowTestId="discrepancy-figure" />}
      </div>
    </li>
  );
}

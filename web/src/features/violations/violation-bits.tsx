import { useTranslation } from 'react-i18next';
import { actRefused, type EvidenceSummary, type Severity, type Violation } from '../../../../shared/violations.ts';
import { ApiError } from '../../lib/api-client.ts';

/** Colour *and* a mark and a word: the severity reads in greyscale and for colour-blind people. */
const SEVERITY_MARK: Record<Severity, string> = { critical: '▲▲', serious: '▲', minor: '△' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`sev sev-${severity}`} data-severity={severity}>
      <span aria-hidden="true">{SEVERITY_MARK[severity]}</span> {t(`violations.severity.${severity}`)}
    </span>
  );
}

export type ActState = 'none' | 'written' | 'refused';
export const actState = (v: Pick<Violation, 'act'>): ActState =>
  v.act === null ? 'none' : actRefused(v.act) ? 'refused' : 'written';

export function ActBadge({ violation }: { violation: Pick<Violation, 'act'> }) {
  const { t } = useTranslation();
  const state = actState(violation);
  return <span className={`act act-${state}`}>{t(`violations.act.state.${state}`)}</span>;
}

export const thumbnailUrl = (e: Pick<EvidenceSummary, 'id'>) => `/api/evidence/${e.id}/thumbnail`;
export const contentUrl = (e: Pick<EvidenceSummary, 'id'>) => `/api/evidence/${e.id}/content`;

/** Percent of an upload that has arrived. */
export const uploadPercent = (e: Pick<EvidenceSummary, 'size' | 'receivedBytes'>) =>
  e.size > 0 ? Math.min(100, Math.floor((e.receivedBytes / e.size) * 100)) : 0;

/** A small picture of a file: the phone's thumbnail when there is one, else its kind and progress. */
export function EvidenceThumb({ evidence, size = 48 }: { evidence: EvidenceSummary; size?: number }) {
  const { t } = useTranslation();
  const label = t(`violations.evidence.kind.${evidence.kind}`);
  if (evidence.hasThumbnail)
    return (
      <img
        className="ev-thumb"
        src={thumbnailUrl(evidence)}
        loading="lazy"
        width={size}
        height={size}
        alt={label}
        data-testid="violation-thumb"
        data-evidence={evidence.id}
      />
    );
  return (
    <span className="ev-thumb ev-none" style={{ width: size, height: size }} title={label}>
      <span aria-hidden="true">{evidence.kind === 'video' ? '🎞' : '📷'}</span>
      {evidence.state === 'uploading' && <small>{uploadPercent(evidence)}%</small>}
    </span>
  );
}

/** Up to `max` thumbnails and "+N" for the rest. */
export function ThumbStrip({ evidence, max = 3 }: { evidence: readonly EvidenceSummary[]; max?: number }) {
  const { t } = useTranslation();
  if (evidence.length === 0) return null;
  return (
    <span className="thumbs" aria-label={t('violations.evidence.count', { count: evidence.length })}>
      {evidence.slice(0, max).map((e) => (
        <EvidenceThumb key={e.id} evidence={e} size={40} />
      ))}
      {evidence.length > max && <span className="thumb-more">+{evidence.length - max}</span>}
    </span>
  );
}

/** An API error as a person reads it: the message, and which field is wrong. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.details.length)
    return `${e.message}: ${e.details.map((d) => (d.path ? `${d.path} — ${d.message}` : d.message)).join('; ')}`;
  return e instanceof Error ? e.message : String(e);
}

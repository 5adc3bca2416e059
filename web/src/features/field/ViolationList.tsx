import { useTranslation } from 'react-i18next';
import { BUILTIN_CATEGORIES } from '../../../../shared/violation-catalogue.ts';
import type { ViolationCategory } from '../../../../shared/violations.ts';
import { formatLocalTime } from '../../lib/format.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import type { ViolationsApi } from './use-violations.ts';
import type { Refusal, ViolationSummary } from './violation-state.ts';

/** A category's title in the UI language; the code when the phone has never seen that category. */
export function categoryTitle(categories: readonly ViolationCategory[], v: ViolationSummary, language: string) {
  const found =
    categories.find((c) => c.code === v.categoryCode) ?? BUILTIN_CATEGORIES.find((c) => c.code === v.categoryCode);
  const title = found ? found.title[currentLanguage(language)] : v.categoryCode;
  return v.otherText ? `${title}: ${v.otherText}` : title;
}

/** "N steps and M files waiting to send", with a button to send now. */
export function WaitingCounter({ api, offline }: { api: ViolationsApi; offline: boolean }) {
  const { t } = useTranslation();
  const { steps, files } = api.waiting;
  const total = steps + files;
  return (
    <div className={`outbox-banner ${total > 0 ? 'waiting' : 'clear'}`} role="status">
      <strong data-testid="violations-waiting" data-count={total}>
        {total === 0
          ? t('fieldViolation.waitingNone')
          : t('fieldViolation.waiting', {
              steps: t('fieldViolation.steps', { count: steps }),
              files: t('fieldViolation.files', { count: files }),
            })}
      </strong>
      {total > 0 && (
        <span>
          {offline || !navigator.onLine ? t('fieldViolation.offline') : api.sending ? t('fieldViolation.sending') : ''}
        </span>
      )}
      {total > 0 && (
        <button type="button" onClick={() => void api.flush()}>
          {t('fieldViolation.retry')}
        </button>
      )}
    </div>
  );
}

export function RefusalText({ refusal }: { refusal: Refusal }) {
  const { t } = useTranslation();
  if (refusal.code === 'blocked') return <>{t('fieldViolation.list.blocked')}</>;
  if (refusal.code === 'payload_too_large' && refusal.limitBytes)
    return <>{t('fieldViolation.evidence.tooLarge', { limit: Math.floor(refusal.limitBytes / 1048576) })}</>;
  return <>{refusal.message}</>;
}

/** The station page's part: the button that starts a report, the counter, and the phone's own violations. */
export function ViolationSection({
  api,
  stationId,
  categories,
  offline,
  onOpen,
}: {
  api: ViolationsApi;
  stationId: number;
  categories: readonly ViolationCategory[];
  offline: boolean;
  onOpen: (id: 'new' | string) => void;
}) {
  const { t, i18n } = useTranslation();
  const own = api.violations.filter((v) => v.stationId === stationId);
  return (
    <section className="violations-field" aria-labelledby="violations-field-title">
      <h3 id="violations-field-title">{t('fieldViolation.section')}</h3>
      <button type="button" className="violation-new" data-testid="violation-new" onClick={() => onOpen('new')}>
        {t('fieldViolation.new')}
      </button>
      <WaitingCounter api={api} offline={offline} />
      {own.length === 0 ? (
        <p className="empty-state" data-testid="violations-empty">
          {t('fieldViolation.empty')}
        </p>
      ) : (
        <ul className="violation-list">
          {own.map((v) => (
            <li
              key={v.id}
              data-testid="violation-item"
              data-status={v.status}
              data-sync={v.refused ? 'rejected' : v.waitingSteps + v.waitingFiles > 0 ? 'waiting' : 'sent'}
            >
              <button type="button" className="violation-open" onClick={() => onOpen(v.id)}>
                <span className="violation-open-title">{categoryTitle(categories, v, i18n.language)}</span>
                <span className="muted">{formatLocalTime(v.observedAt, i18n.language)}</span>
                <span className={`violation-status status-${v.status}`}>{t(`fieldViolation.status.${v.status}`)}</span>
                {!v.refused && (
                  <span className={v.waitingSteps + v.waitingFiles > 0 ? 'violation-waiting' : 'muted'}>
                    {v.waitingSteps + v.waitingFiles > 0
                      ? t('fieldViolation.list.waiting', {
                          steps: t('fieldViolation.steps', { count: v.waitingSteps }),
                          files: t('fieldViolation.files', { count: v.waitingFiles }),
                        })
                      : t('fieldViolation.list.allSent')}
                  </span>
                )}
              </button>
              {v.refused && (
                <p className="form-error" role="alert">
                  {t('fieldViolation.list.refused')} <RefusalText refusal={v.refused} />
                </p>
              )}
              {!v.refused &&
                v.problems.map((p, i) => (
                  <p className="form-error" key={i}>
                    {t(`fieldViolation.kind.${p.kind}`)}: <RefusalText refusal={p.refusal} />
                  </p>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

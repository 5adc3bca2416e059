import { useTranslation } from 'react-i18next';
import { PROTOCOL_CHECK_TITLES, protocolCheckMessage, type ProtocolCheck } from '../../../../shared/protocols.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import './protocol-form.css';

/**
 * The protocol's arithmetic checks: a tick or a cross beside each rule, and what is wrong under a
 * failed one. The state is also said in words (not only by colour or symbol) for screen readers.
 */
export function ProtocolChecks({ checks, testId = 'protocol-checks' }: { checks: ProtocolCheck[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  if (checks.length === 0) {
    return (
      <p className="muted" data-testid={testId} data-empty="true">
        {t('protocolForm.checks.none')}
      </p>
    );
  }
  return (
    <ul className="protocol-checks" data-testid={testId} aria-label={t('protocolForm.checks.title')}>
      {checks.map((c) => {
        const state = c.ok ? 'ok' : c.severity;
        return (
          <li
            key={`${c.code}-${c.boxIndex ?? ''}`}
            className={`pc-item pc-${state}`}
            data-testid={`check-${c.code}`}
            data-ok={c.ok ? 'true' : 'false'}
            data-severity={c.severity}
            data-box={c.boxIndex}
          >
            <span className="pc-symbol" aria-hidden="true">
              {c.ok ? '✓' : c.severity === 'error' ? '✗' : '!'}
            </span>
            <span className="pc-text">
              <span className="pc-state">{t(`protocolForm.checks.${state}`)} </span>
              <span className="pc-title">{PROTOCOL_CHECK_TITLES[c.code][language]}</span>
              {!c.ok && <span className="pc-message">{protocolCheckMessage(c, language)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

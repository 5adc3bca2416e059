import { useTranslation } from 'react-i18next';

/** Links to a print-ready page in Kazakh and in Russian (the languages a court or commission takes). */
export function PrintLinks({
  label,
  href,
  testId,
}: {
  label: string;
  href: (lang: 'kk' | 'ru') => string;
  testId?: (lang: 'kk' | 'ru') => string;
}) {
  const { t } = useTranslation();
  return (
    <span className="print-links">
      {label}:{' '}
      {(['kk', 'ru'] as const).map((lang) => (
        <a
          key={lang}
          className="button"
          href={href(lang)}
          target="_blank"
          rel="noopener"
          lang={lang}
          data-testid={testId?.(lang)}
        >
          {t(`language.${lang}`)}
        </a>
      ))}
    </span>
  );
}

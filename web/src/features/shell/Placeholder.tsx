import { useTranslation } from 'react-i18next';

/** Views that later issues fill (findings), or that are not for this role (the field app): say so plainly. */
export function Placeholder({ view }: { view: 'field' | 'findings' }) {
  const { t } = useTranslation();
  return (
    <section className="placeholder" data-testid={`${view}-view`}>
      <h2>{t(`landing.${view}.title`)}</h2>
      <p>{t(`landing.${view}.body`)}</p>
    </section>
  );
}

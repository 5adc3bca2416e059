import { useTranslation } from 'react-i18next';

/** Open dispatches per region (the server counts them from the board it sends). */
export function RegionCounts({
  openByRegion,
  regionName,
}: {
  openByRegion: Record<string, number>;
  regionName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const rows = Object.entries(openByRegion)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || regionName(a).localeCompare(regionName(b), i18n.language));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return (
    <section className="dispatch-section" aria-labelledby="open-by-region">
      <h3 id="open-by-region">{t('dispatch.regions.title')}</h3>
      {rows.length === 0 ? (
        <p className="muted empty" data-testid="no-open-dispatches">
          {t('dispatch.regions.none')}
        </p>
      ) : (
        <table className="table compact" data-testid="open-by-region">
          <thead>
            <tr>
              <th scope="col">{t('dispatch.regions.region')}</th>
              <th scope="col" className="num">
                {t('dispatch.regions.open')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, n]) => (
              <tr key={code} data-region={code}>
                <td>{regionName(code)}</td>
                <td className="num">{n}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('dispatch.regions.total')}</th>
              <td className="num">{total}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

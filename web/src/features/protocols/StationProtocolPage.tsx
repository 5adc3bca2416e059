import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/auth.ts';

/** One station's protocol (/protocols/<stationId>): photo, checks, entries, conflicts, versions. */
export function StationProtocolPage({
  stationId,
}: {
  user: SessionUser;
  stationId: number;
  navigate: (path: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="station-protocol" data-testid="station-protocol" data-station={stationId}>
      <h2>{t('protocols.title')}</h2>
    </section>
  );
}

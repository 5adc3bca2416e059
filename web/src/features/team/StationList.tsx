import { useTranslation } from 'react-i18next';
import type { TeamStation } from '../../../../shared/dispatch.ts';
import { geoUri } from './team-format.ts';

/** The stations the group tours, as the live map knows them: compact, one line each. */
export function StationList({ stations }: { stations: TeamStation[] }) {
  const { t } = useTranslation();
  return (
    <section className="team-stations" aria-labelledby="team-stations-title" data-testid="team-stations">
      <h3 id="team-stations-title">{t('team.stations.title')}</h3>
      {stations.length === 0 ? (
        <p className="muted">{t('team.stations.empty')}</p>
      ) : (
        <ul>
          {stations.map((s) => (
            <li
              key={s.id}
              className={s.helpOpen ? 'team-station help' : 'team-station'}
              data-station-id={s.id}
              data-phase={s.phase}
            >
              <div className="team-station-main">
                <strong>{t('team.dispatch.station', { number: s.number })}</strong>
                <span className="team-station-address">{s.address}</span>
                <span className="team-station-flags">
                  <span className="muted">{t(`live.phase.${s.phase}`)}</span>
                  {s.helpOpen && <span className="team-flag team-flag-help">{t('team.stations.help')}</span>}
                  {s.openViolations > 0 && (
                    <span className={`team-flag severity-${s.worstSeverity ?? 'minor'}`}>
                      {t('team.stations.violations', { count: s.openViolations })}
                      {s.worstSeverity && ` · ${t(`team.severity.${s.worstSeverity}`)}`}
                    </span>
                  )}
                </span>
              </div>
              <a className="team-map-link" href={geoUri(s)}>
                {t('team.dispatch.map')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

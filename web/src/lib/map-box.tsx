import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The box a map of the app is drawn in (`useBaseMap`): a named region the keyboard can reach,
 * with a note under it when there are no online tiles and only the country's outline shows.
 * `texts` is the translations' prefix holding its `label` and `offline` note.
 */
export function MapBox({
  element,
  id,
  className,
  testId,
  texts,
  offline,
}: {
  element: RefObject<HTMLDivElement | null>;
  id?: string;
  className: string;
  testId: string;
  texts: string;
  offline: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div
        ref={element}
        id={id}
        className={className}
        role="region"
        aria-label={t(`${texts}.label`)}
        data-testid={testId}
        tabIndex={0}
      />
      {offline && <p className="map-note">{t(`${texts}.offline`)}</p>}
    </>
  );
}

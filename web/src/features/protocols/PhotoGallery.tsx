import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceSummary } from '../../../../shared/violations.ts';

const contentUrl = (e: Pick<EvidenceSummary, 'id'>) => `/api/evidence/${e.id}/content`;
const thumbnailUrl = (e: Pick<EvidenceSummary, 'id'>) => `/api/evidence/${e.id}/thumbnail`;
const percent = (e: EvidenceSummary) => (e.size > 0 ? Math.min(100, Math.floor((e.receivedBytes / e.size) * 100)) : 0);

/**
 * Photos of the protocol copy. `large`: the first photo shown at reading size (data entry, the
 * supervisor's conflicts), the rest as thumbnails. Any photo opens enlarged in a dialog; arrows
 * move between photos and Esc closes (the dialog returns focus to the photo that opened it).
 */
export function PhotoGallery({
  photos,
  large = false,
  testId = 'protocol-photos',
}: {
  photos: readonly EvidenceSummary[];
  large?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const [main, setMain] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = Math.min(main, Math.max(0, photos.length - 1));

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open !== null && !d.open) d.showModal();
    if (open === null && d.open) d.close();
  }, [open]);

  if (photos.length === 0) return null;
  const count = photos.length;
  const current = open === null ? null : photos[Math.min(open, count - 1)];
  const move = (by: number) => setOpen((n) => (n === null ? n : (n + by + count) % count));

  const thumb = (p: EvidenceSummary, i: number) => (
    <li key={p.id}>
      <button
        type="button"
        className={`pr-thumb${large && i === shown ? ' pr-thumb-current' : ''}`}
        aria-label={t('protocols.photo.open', { n: i + 1, count })}
        data-testid="protocol-photo"
        data-evidence={p.id}
        onClick={() => (large && i !== shown ? setMain(i) : setOpen(i))}
      >
        {p.hasThumbnail ? (
          <img src={thumbnailUrl(p)} width={96} height={96} alt="" loading="lazy" />
        ) : p.state === 'complete' && p.kind === 'photo' ? (
          <img src={contentUrl(p)} width={96} height={96} alt="" loading="lazy" />
        ) : (
          <span className="pr-thumb-none">{t('protocols.photo.uploading', { percent: percent(p) })}</span>
        )}
      </button>
    </li>
  );

  const big = photos[shown]!;
  return (
    <div className={large ? 'pr-gallery pr-gallery-large' : 'pr-gallery'} data-testid={testId}>
      {large &&
        (big.state === 'complete' ? (
          <button
            type="button"
            className="pr-photo-main"
            aria-label={t('protocols.photo.open', { n: shown + 1, count })}
            onClick={() => setOpen(shown)}
          >
            <img
              src={contentUrl(big)}
              alt={t('protocols.photo.dialog', { n: shown + 1, count })}
              data-testid="protocol-photo-main"
            />
          </button>
        ) : (
          <p className="muted">{t('protocols.photo.uploading', { percent: percent(big) })}</p>
        ))}
      {(!large || count > 1) && <ul className="pr-thumbs">{photos.map(thumb)}</ul>}
      <dialog
        ref={dialog}
        className="pr-photo-dialog"
        aria-label={current ? t('protocols.photo.dialog', { n: photos.indexOf(current) + 1, count }) : undefined}
        data-testid="protocol-photo-dialog"
        onClose={() => setOpen(null)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') move(1);
          else if (e.key === 'ArrowLeft') move(-1);
        }}
      >
        {current && (
          <>
            <div className="pr-photo-bar">
              <span>{t('protocols.photo.dialog', { n: photos.indexOf(current) + 1, count })}</span>
              {count > 1 && (
                <>
                  <button type="button" onClick={() => move(-1)}>
                    {t('protocols.photo.previous')}
                  </button>
                  <button type="button" onClick={() => move(1)}>
                    {t('protocols.photo.next')}
                  </button>
                </>
              )}
              {current.state === 'complete' && (
                <a href={contentUrl(current)} target="_blank" rel="noopener">
                  {t('protocols.photo.original')}
                </a>
              )}
              <button type="button" onClick={() => setOpen(null)} autoFocus>
                {t('protocols.photo.close')}
              </button>
              <span className="hint">{t('protocols.photo.keys')}</span>
            </div>
            {current.state === 'complete' ? (
              <img className="pr-photo-full" src={contentUrl(current)} alt="" />
            ) : (
              <p>{t('protocols.photo.uploading', { percent: percent(current) })}</p>
            )}
          </>
        )}
      </dialog>
    </div>
  );
}

import type { TFunction } from '../../../platform/i18n/index.ts';
import { Button, ErrorSummary, FileField, TextField } from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { MAX_PHOTO_BYTES } from '../domain/images.ts';
import type { RoomPhotoRow } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import { isExternal, MAX_ALT_LENGTH, MAX_PHOTOS_PER_ROOM } from '../use-cases/photos.ts';
import { summary, tm } from './common.tsx';

/** One photo: lazy, with its pixel size (no layout shift) and its text alternative. */
function Photo({ src, p }: { src: string; p: RoomPhotoRow }) {
  return (
    <img
      src={src}
      alt={p.alt}
      width={p.width ?? undefined}
      height={p.height ?? undefined}
      loading="lazy"
      decoding="async"
    />
  );
}

/**
 * The photos of a room on the public page: the first one shown, the others behind "more photos".
 * Addresses on other sites (entered before uploads existed) cannot be loaded under the page's
 * Content-Security-Policy, so they are offered as links.
 */
export function RoomPhotoGallery({
  t,
  srcOf,
  photos,
  room,
}: {
  t: TFunction;
  srcOf: (p: RoomPhotoRow) => string | null;
  photos: RoomPhotoRow[];
  room: string;
}) {
  const shown = photos.filter((p) => srcOf(p));
  if (shown.length === 0) return null;
  const item = (p: RoomPhotoRow) =>
    isExternal(p) ? (
      <p key={p.id}>
        <a href={srcOf(p)!} rel="noopener noreferrer">
          {t('houses:photos.externalLink', { alt: p.alt })}
        </a>
      </p>
    ) : (
      <Photo key={p.id} src={srcOf(p)!} p={p} />
    );
  const [first, ...rest] = shown;
  return (
    <div className="q-room-photos">
      {item(first)}
      {rest.length ? (
        <details>
          <summary>{t('houses:photos.more', { count: rest.length, room })}</summary>
          {rest.map(item)}
        </details>
      ) : null}
    </div>
  );
}

/** Staff: the photos of a room with their texts, and the upload form. */
export function PhotoManager(p: {
  t: TFunction;
  csrf: string;
  action: string;
  srcOf: (p: RoomPhotoRow) => string | null;
  photos: RoomPhotoRow[];
  errors?: FieldErrors;
  /** The text typed with a failed upload (the file itself cannot be kept). */
  alt?: string;
  altErrors?: { photoId: string; errors: FieldErrors };
}) {
  const { t } = p;
  const errors = p.errors ?? {};
  const full = p.photos.length >= MAX_PHOTOS_PER_ROOM;
  return (
    <section aria-labelledby="photos">
      <h2 id="photos">{t('houses:photos.title')}</h2>
      {p.photos.length === 0 ? <p>{t('houses:photos.none')}</p> : null}
      <ul className="q-cards">
        {p.photos.map((photo, i) => {
          const src = p.srcOf(photo);
          const altErr = p.altErrors?.photoId === photo.id ? p.altErrors.errors.alt : undefined;
          return (
            <li key={photo.id} className="q-card">
              {src && !isExternal(photo) ? (
                <Photo src={src} p={photo} />
              ) : (
                <p>
                  {t('houses:photos.externalNote')}{' '}
                  {src ? (
                    <a href={src} rel="noopener noreferrer">
                      {src}
                    </a>
                  ) : null}
                </p>
              )}
              {photo.width && photo.height ? (
                <p className="q-meta">
                  {t('houses:photos.size', {
                    width: photo.width,
                    height: photo.height,
                    kb: Math.max(1, Math.round((photo.bytes ?? 0) / 1024)),
                  })}
                </p>
              ) : null}
              <form method="post" action={`${p.action}/${photo.id}/alt`} noValidate>
                <CsrfField token={p.csrf} />
                <TextField
                  name="alt"
                  id={`alt-${photo.id}`}
                  label={t('houses:photos.altOf', { n: i + 1 })}
                  value={photo.alt}
                  error={tm(t, altErr)}
                  maxLength={MAX_ALT_LENGTH}
                  required
                />
                <Button type="submit" variant="secondary" small>
                  {t('houses:photos.saveAlt')}
                </Button>
              </form>
              <form method="post" action={`${p.action}/${photo.id}/delete`}>
                <CsrfField token={p.csrf} />
                <Button
                  type="submit"
                  variant="tertiary"
                  small
                  aria-label={t('houses:photos.deleteLabel', { alt: photo.alt })}
                >
                  {t('houses:photos.delete')}
                </Button>
              </form>
            </li>
          );
        })}
      </ul>
      <h3 id="photo-upload">{t('houses:photos.add')}</h3>
      {full ? (
        <p>{t('houses:photos.errors.tooMany', { max: MAX_PHOTOS_PER_ROOM })}</p>
      ) : (
        <>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summary(t, errors)}
            id="photo-errors"
            autoFocus={Object.keys(errors).length > 0}
          />
          <form
            method="post"
            action={p.action}
            encType="multipart/form-data"
            noValidate
            className="q-form"
            aria-labelledby="photo-upload"
          >
            <CsrfField token={p.csrf} />
            <FileField
              name="photo"
              label={t('houses:photos.file')}
              hint={t('houses:photos.fileHint', { mb: MAX_PHOTO_BYTES / 1024 / 1024 })}
              accept="image/jpeg,image/png,image/webp"
              error={tm(t, errors.photo)}
              required
            />
            <TextField
              name="alt"
              label={t('houses:photos.alt')}
              hint={t('houses:photos.altHint')}
              value={p.alt ?? ''}
              error={tm(t, errors.alt)}
              maxLength={MAX_ALT_LENGTH}
              required
            />
            <Button type="submit" variant="secondary">
              {t('houses:photos.upload')}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}

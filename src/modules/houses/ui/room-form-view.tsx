import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Button,
  CheckboxField,
  CheckboxGroup,
  ErrorSummary,
  LinkButton,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import { CATEGORIES } from '../domain/categories.ts';
import type { House, Room, RoomPhotoRow } from '../queries.ts';
import type { FieldErrors } from '../use-cases/booking.ts';
import type { RoomForm } from '../use-cases/manage.ts';
import { summary, tm } from './common.tsx';
import { PhotoManager } from './photos.tsx';

/** The room form; for a saved room also its photos and the way to delete it. */
export function RoomFormView({
  t,
  base,
  csrf,
  title,
  photos,
  photoSrc,
  ...o
}: {
  t: TFunction;
  /** The house's staff address. */
  base: string;
  csrf: string;
  title: string;
  photos: RoomPhotoRow[];
  /** Where staff see a photo of this (saved) room. */
  photoSrc?: (p: RoomPhotoRow) => string | null;
  house: House;
  room?: Room;
  form: RoomForm;
  errors: FieldErrors;
  photoErrors?: FieldErrors;
  photoAlt?: string;
  altErrors?: { photoId: string; errors: FieldErrors };
}) {
  const err = (k: string) => tm(t, o.errors[k]);
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, o.errors)} />
      <form
        method="post"
        action={o.room ? `${base}/rooms/${o.room.id}/edit` : `${base}/rooms/new`}
        noValidate
        className="q-form"
      >
        <CsrfField token={csrf} />
        <TextField
          name="name"
          label={t('houses:room.name')}
          value={o.form.name}
          required
          error={err('name')}
        />
        <TextField
          name="slug"
          label={t('houses:house.slug')}
          value={o.form.slug}
          error={err('slug')}
          optionalText={t('houses:form.optional')}
          width={30}
        />
        <TextArea
          name="description"
          label={t('houses:house.description')}
          value={o.form.description}
          error={err('description')}
          rows={3}
        />
        <TextField
          name="capacity"
          type="number"
          label={t('houses:room.capacity')}
          value={o.form.capacity}
          error={err('capacity')}
          width={4}
          min={0}
        />
        <TextField
          name="sizeSqm"
          type="number"
          label={t('houses:room.sizeSqm')}
          value={o.form.sizeSqm}
          error={err('sizeSqm')}
          width={4}
          min={1}
          optionalText={t('houses:form.optional')}
        />
        <TextField
          name="equipment"
          label={t('houses:room.equipment')}
          hint={t('houses:room.equipmentHint')}
          value={o.form.equipment}
          error={err('equipment')}
        />
        <CheckboxField name="stepFree" label={t('houses:room.stepFree')} checked={o.form.stepFree} />
        <TextArea
          name="accessibility"
          label={t('houses:room.accessibility')}
          value={o.form.accessibility}
          error={err('accessibility')}
          rows={2}
        />
        <CheckboxGroup
          name="allowedCategories"
          label={t('houses:room.uses')}
          hint={t('houses:room.usesHint')}
          values={o.form.allowedCategories}
          error={err('allowedCategories')}
          options={CATEGORIES.map((x) => ({ value: x, label: t(`houses:categories.${x}`) }))}
        />
        <h2>{t('houses:room.fees')}</h2>
        <p className="q-meta">{t('houses:room.feesHint')}</p>
        <TextField
          name="feeHour"
          label={t('houses:room.feeHour')}
          value={o.form.feeHour}
          error={err('feeHour')}
          width={10}
          inputMode="decimal"
        />
        <TextField
          name="feeHalfDay"
          label={t('houses:room.feeHalfDay')}
          value={o.form.feeHalfDay}
          error={err('feeHalfDay')}
          width={10}
          inputMode="decimal"
        />
        <TextField
          name="feeDay"
          label={t('houses:room.feeDay')}
          value={o.form.feeDay}
          error={err('feeDay')}
          width={10}
          inputMode="decimal"
        />
        <TextField
          name="nonprofitPct"
          type="number"
          label={t('houses:room.nonprofitPct')}
          value={o.form.nonprofitPct}
          error={err('nonprofitPct')}
          width={4}
          min={0}
          max={100}
        />
        <TextField
          name="residentPct"
          type="number"
          label={t('houses:room.residentPct')}
          value={o.form.residentPct}
          error={err('residentPct')}
          width={4}
          min={0}
          max={100}
        />
        <TextField
          name="bufferMinutes"
          type="number"
          label={t('houses:room.buffer')}
          hint={t('houses:room.bufferHint')}
          value={o.form.bufferMinutes}
          error={err('bufferMinutes')}
          width={4}
          min={0}
          max={240}
        />
        <TextField
          name="sort"
          type="number"
          label={t('houses:room.sort')}
          value={o.form.sort}
          error={err('sort')}
          width={4}
          min={0}
        />
        <CheckboxField name="active" label={t('houses:room.active')} checked={o.form.active} />
        <div className="q-form__actions">
          <Button type="submit">{t('save')}</Button>
          <LinkButton variant="tertiary" href={base}>
            {t('cancel')}
          </LinkButton>
        </div>
      </form>
      {o.room && photoSrc ? (
        <>
          <PhotoManager
            t={t}
            csrf={csrf}
            action={`${base}/rooms/${o.room.id}/photos`}
            srcOf={photoSrc}
            photos={photos}
            errors={o.photoErrors}
            alt={o.photoAlt}
            altErrors={o.altErrors}
          />
          <h2>{t('houses:delete.roomTitle', { name: o.room.name })}</h2>
          <p>
            <a href={`${base}/rooms/${o.room.id}/delete`}>
              {t('houses:delete.roomLink', { name: o.room.name })}
            </a>
          </p>
        </>
      ) : (
        <p className="q-meta">{t('houses:photos.afterSave')}</p>
      )}
    </>
  );
}

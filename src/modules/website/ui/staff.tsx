import type { Context, Hono } from 'hono';
import { actorOf, authorize } from '../../../platform/authz.ts';
import { newId } from '../../../platform/db/index.ts';
import {
  checkImage,
  keptImage,
  MAX_IMAGE_BYTES,
  pendingImageValue,
  type StoredImage,
  saveFile,
  serveStoredFile,
} from '../../../platform/files/index.ts';
import { fromForm, parseFields } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { isLang, LANG_NAMES, type Lang, withParams } from '../../../platform/i18n/index.ts';
import { richText } from '../../../platform/richtext/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  ErrorSummary,
  FileField,
  fieldId,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PAGE_KINDS, type PageKind } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { CONTENT_FORM, CONTENT_LIMITS, contentFields } from '../schemas.ts';
import {
  CONTENT_LANGS,
  contentAreaChoices,
  createPage,
  createPost,
  deletePage,
  deletePost,
  deleteText,
  getPageForStaff,
  getPostForStaff,
  listPagesForStaff,
  listPostsForStaff,
  mayPlaceContent,
  type Page,
  type PageText,
  type Post,
  type PostText,
  pickText,
  postImageOwner,
  setPagePublished,
  setPostStatus,
  TOPICS,
  updatePage,
  updatePost,
} from '../use-cases/content.ts';

type C = Context<AppEnv>;

async function areaOptions(c: C) {
  const list = await contentAreaChoices(actorOf(c), c.get('services').db);
  return list.map((a) => ({ value: a.id, label: a.name }));
}

const textLang = (c: C): Lang => {
  const q = c.req.query('text');
  return isLang(q) ? q : 'de';
};

type Values = Record<string, string | string[]>;
const v = (x: Values, k: string) => {
  const y = x[k];
  return Array.isArray(y) ? (y[0] ?? '') : (y ?? '');
};

/**
 * Reads the shared fields and one language's text of a post or page form: each field by the content
 * schema (schemas.ts), so a bad one is named and every other stays as typed. An uploaded image is
 * checked by its bytes and stored at once; when the form comes back with messages its key travels in
 * a hidden field, so the editor does not upload it again (and nothing is left behind unused).
 */
async function readForm(c: C, kind: 'post' | 'page', hasImage: boolean) {
  const body = await formData(c);
  const posted = fromForm(body, CONTENT_FORM);
  const { data: d, errors } = parseFields(contentFields(), posted.input);
  const values: Values = posted.values;
  const lang: Lang = d.lang ?? 'de';
  const areaId = d.areaId || null;
  const summary = kind === 'post' ? (d.summary ?? '') : '';
  const imageAlt = kind === 'post' ? (d.imageAlt ?? '') : '';
  if (kind === 'page') {
    delete errors.summary;
    delete errors.imageAlt;
    delete errors.topics;
  } else {
    delete errors.kind;
    delete errors.sort;
  }
  const removeImage = d.removeImage ?? false;
  let image: StoredImage | null = null;
  const storageDir = c.get('services').config.storageDir;
  const tenantId = c.get('tenant')!.id;
  const file = body.image;
  if (kind === 'post' && file instanceof File && file.size > 0) {
    const check = await checkImage(file);
    if (!check.ok)
      errors.image =
        check.reason === 'too_large'
          ? withParams('validation.imageTooLarge', { mb: MAX_IMAGE_BYTES / 1024 / 1024 })
          : check.reason === 'too_many_pixels'
            ? 'validation.imagePixels'
            : 'validation.imageType';
    else {
      image = { id: newId(), type: check.type };
      await saveFile(storageDir, tenantId, image.id, check.bytes);
    }
  } else if (kind === 'post') {
    image = await keptImage(storageDir, tenantId, str(body.pendingImage), async (id) =>
      Boolean(await postImageOwner(c.get('services').db, tenantId, id)),
    );
  }
  if (image) values.pendingImage = pendingImageValue(image);
  if (kind === 'post' && (image || (hasImage && !removeImage)) && !imageAlt)
    errors.imageAlt = 'validation.imageAlt';
  // The same rule the use case enforces, asked first so the form can say which field is wrong.
  if (!errors.areaId && !(await mayPlaceContent(actorOf(c), c.get('services').db, areaId)))
    errors.areaId = 'website:errors.areaNotAllowed';
  return {
    errors,
    values,
    lang,
    meta: {
      areaId,
      slug: d.slug ?? '',
      topics: kind === 'post' ? (d.topics ?? []) : [],
      kind: (kind === 'page' ? d.kind : undefined) ?? ('page' as PageKind),
      sort: kind === 'page' ? (d.sort ?? 0) : 0,
    },
    text: { lang, title: d.title ?? '', summary, bodyHtml: richText(d.body ?? ''), imageAlt },
    publish: d.publish ?? false,
    image,
    removeImage,
  };
}

/** HTML back to the textarea's plain text when it has no markup worth keeping. */
function editable(html: string): string {
  if (/<(ul|ol|a|h[2-4]|strong|em|blockquote)\b/i.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<\/?p>/gi, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

function LanguageTabs({
  c,
  base,
  texts,
  current,
}: {
  c: C;
  base: string;
  texts: { lang: string }[];
  current: Lang;
}) {
  const t = c.get('t');
  return (
    <nav aria-label={t('website:staff.languages')}>
      <ul className="q-badges">
        {CONTENT_LANGS.map((l) => (
          <li key={l}>
            <a href={`${base}?text=${l}`} aria-current={l === current ? 'page' : undefined}>
              {LANG_NAMES[l]} {texts.some((x) => x.lang === l) ? '✓' : `(${t('website:staff.missing')})`}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

async function contentForm(
  c: C,
  o: {
    kind: 'post' | 'page';
    action: string;
    values: Values;
    errors: Record<string, string>;
    lang: Lang;
    isNew: boolean;
    currentImage?: string | null;
  },
) {
  const t = c.get('t');
  const err = (k: string) => (o.errors[k] ? t(o.errors[k]) : undefined);
  const optional = t('events:form.optional');
  const areas = await areaOptions(c);
  return (
    <>
      <ErrorSummary
        title={t('errorSummaryTitle')}
        errors={Object.entries(o.errors).map(([k, key]) => ({ fieldId: fieldId(k), message: t(key) }))}
      />
      <form method="post" action={o.action} encType="multipart/form-data" className="q-form" noValidate>
        <CsrfField token={csrfTokenFor(c)} />
        {o.values.pendingImage ? (
          <input type="hidden" name="pendingImage" value={v(o.values, 'pendingImage')} />
        ) : null}
        <input type="hidden" name="lang" value={o.lang} />
        <h2>{t('website:staff.textIn', { lang: LANG_NAMES[o.lang] })}</h2>
        {o.lang !== 'de' ? <p>{t('website:staff.translationHint')}</p> : null}
        <TextField
          name="title"
          label={t('website:fields.title')}
          value={v(o.values, 'title')}
          error={err('title')}
          required
          maxLength={CONTENT_LIMITS.title}
        />
        {o.kind === 'post' ? (
          <TextArea
            name="summary"
            label={t('website:fields.summary')}
            hint={t('website:staff.summaryHint')}
            value={v(o.values, 'summary')}
            error={err('summary')}
            optionalText={optional}
            rows={2}
          />
        ) : null}
        <TextArea
          name="body"
          label={t('website:fields.body')}
          hint={t('events:form.descriptionHint')}
          value={v(o.values, 'body')}
          error={err('body')}
          required
          rows={12}
        />
        {o.kind === 'post' ? (
          <TextField
            name="imageAlt"
            label={t('events:fields.imageAlt')}
            hint={t('events:form.imageAltHint')}
            value={v(o.values, 'imageAlt')}
            error={err('imageAlt')}
            optionalText={optional}
            maxLength={CONTENT_LIMITS.imageAlt}
          />
        ) : null}
        <h2>{t('website:staff.settings')}</h2>
        <SelectField
          name="areaId"
          label={t('events:fields.area')}
          value={v(o.values, 'areaId')}
          error={err('areaId')}
          placeholder={t('website:staff.wholeTenant')}
          options={areas}
        />
        <TextField
          name="slug"
          label={t('website:fields.slug')}
          hint={t('website:staff.slugHint')}
          value={v(o.values, 'slug')}
          error={err('slug')}
          optionalText={optional}
          maxLength={CONTENT_LIMITS.slug}
        />
        {o.kind === 'post' ? (
          <>
            <CheckboxGroup
              name="topics"
              error={err('topics')}
              label={t('website:fields.topics')}
              hint={t('website:staff.topicsHint')}
              values={(o.values.topics as string[]) ?? []}
              optionalText={optional}
              options={TOPICS.map((x) => ({ value: x, label: t(`website:topics.${x}`) }))}
            />
            <FileField
              name="image"
              label={t('events:fields.image')}
              hint={t('events:form.imageHint')}
              accept="image/jpeg,image/png,image/webp"
              error={err('image')}
              optionalText={optional}
              current={
                o.values.pendingImage
                  ? t('events:form.imageKept')
                  : o.currentImage
                    ? t('events:form.imageCurrent')
                    : undefined
              }
            />
            {o.currentImage ? (
              <CheckboxField name="removeImage" label={t('events:form.removeImage')} />
            ) : null}
          </>
        ) : (
          <>
            <RadioGroup
              name="kind"
              label={t('website:fields.kind')}
              value={v(o.values, 'kind') || 'page'}
              options={PAGE_KINDS.map((k) => ({
                value: k,
                label: t(`website:kinds.${k}`),
                hint: t(`website:kindHints.${k}`),
              }))}
            />
            <TextField
              name="sort"
              type="number"
              label={t('website:fields.sort')}
              hint={t('website:staff.sortHint')}
              value={v(o.values, 'sort') || '0'}
              width={4}
              error={err('sort')}
            />
          </>
        )}
        {o.isNew ? (
          <CheckboxField
            name="publish"
            label={t('website:staff.publishNow')}
            checked={v(o.values, 'publish') === 'on'}
          />
        ) : null}
        <div className="q-form__actions">
          <Button type="submit">{t('save')}</Button>
        </div>
      </form>
    </>
  );
}

export function mountWebsiteStaffPages(staff: Hono<AppEnv>) {
  staff.get('/website', async (c) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const perPage = 50;
    const wanted = pageNumber(c.req.query('page'));
    const [{ items: postList, total: postTotal }, pageList] = await Promise.all([
      listPostsForStaff(actor, db, { limit: perPage, offset: (wanted - 1) * perPage }),
      listPagesForStaff(actor, db),
    ]);
    const postPages = Math.max(1, Math.ceil(postTotal / perPage));
    const base = `/staff/${tenant.slug}/website`;
    const langsOf = (texts: { lang: string }[]) =>
      texts.map((x) => LANG_NAMES[x.lang as Lang] ?? x.lang).join(', ');
    return staffPage(c, {
      title: t('website:staff.title'),
      children: (
        <>
          <h1>{t('website:staff.title')}</h1>
          <p>{t('website:staff.intro')}</p>
          <h2>{t('website:staff.news')}</h2>
          <p className="q-actions">
            <LinkButton href={`${base}/posts/new`}>{t('website:staff.newPost')}</LinkButton>
          </p>
          <DataTable
            caption={t('website:staff.news')}
            hideCaption
            rows={postList}
            rowKey={(p) => p.id}
            emptyMessage={t('website:staff.noPosts')}
            columns={[
              {
                key: 'title',
                header: t('website:fields.title'),
                rowHeader: true,
                cell: (p) => (
                  <a href={`${base}/posts/${p.id}`}>{pickText(p.texts, lang)?.text.title ?? p.slug}</a>
                ),
              },
              {
                key: 'status',
                header: t('website:staff.status'),
                cell: (p) => t(`website:statuses.${p.status}`),
              },
              { key: 'langs', header: t('website:staff.languages'), cell: (p) => langsOf(p.texts) },
            ]}
          />
          <Pagination
            page={Math.min(wanted, postPages)}
            totalPages={postPages}
            href={(n) => (n > 1 ? `${base}?page=${n}` : base)}
            label={t('website:staff.newsPages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
          <h2>{t('website:staff.pages')}</h2>
          <p className="q-actions">
            <LinkButton href={`${base}/pages/new`}>{t('website:staff.newPage')}</LinkButton>
          </p>
          <DataTable
            caption={t('website:staff.pages')}
            hideCaption
            rows={pageList}
            rowKey={(p) => p.id}
            emptyMessage={t('website:staff.noPages')}
            columns={[
              {
                key: 'title',
                header: t('website:fields.title'),
                rowHeader: true,
                cell: (p) => (
                  <a href={`${base}/pages/${p.id}`}>{pickText(p.texts, lang)?.text.title ?? p.slug}</a>
                ),
              },
              { key: 'kind', header: t('website:fields.kind'), cell: (p) => t(`website:kinds.${p.kind}`) },
              {
                key: 'status',
                header: t('website:staff.status'),
                cell: (p) => t(p.published ? 'website:statuses.published' : 'website:statuses.draft'),
              },
              { key: 'langs', header: t('website:staff.languages'), cell: (p) => langsOf(p.texts) },
            ]}
          />
        </>
      ),
    });
  });

  for (const kind of ['post', 'page'] as const) {
    const plural = kind === 'post' ? 'posts' : 'pages';

    /** The post or page with its texts: 404 when missing, 403 outside the member's areas. */
    const load = async (c: C) => {
      const actor = actorOf(c);
      const db = c.get('services').db;
      const id = c.req.param('id') ?? '';
      const { texts, ...item } =
        kind === 'post' ? await getPostForStaff(actor, db, id) : await getPageForStaff(actor, db, id);
      return { item: item as Post | Page, texts: texts as (PostText | PageText)[] };
    };

    const valuesOf = (item: Post | Page, text: PostText | PageText | undefined): Values => ({
      areaId: item.areaId ?? '',
      slug: item.slug,
      topics: 'topics' in item ? item.topics : [],
      kind: 'kind' in item ? item.kind : 'page',
      sort: 'sort' in item ? String(item.sort) : '0',
      title: text?.title ?? '',
      summary: text && 'summary' in text ? text.summary : '',
      body: text ? editable(text.bodyHtml) : '',
      imageAlt: text && 'imageAlt' in text ? text.imageAlt : '',
    });

    const editPage = async (
      c: C,
      item: Post | Page,
      texts: (PostText | PageText)[],
      lang: Lang,
      values: Values,
      errors: Record<string, string>,
      status: 200 | 422 = 200,
    ) => {
      const t = c.get('t');
      const tenant = c.get('tenant')!;
      const base = `/staff/${tenant.slug}/website/${plural}/${item.id}`;
      const csrf = csrfTokenFor(c);
      const published = 'status' in item ? item.status === 'published' : item.published;
      const title = pickText(texts, 'de')?.text.title ?? item.slug;
      const publicHref =
        kind === 'post' ? `/${tenant.slug}/news/${item.slug}` : `/${tenant.slug}/pages/${item.slug}`;
      const img = 'imageId' in item && item.imageId ? `${base}/image` : null;
      return staffPage(c, {
        title,
        status,
        children: (
          <>
            <p className="q-breadcrumb">
              <a href={`/staff/${tenant.slug}/website`}>{t('website:staff.title')}</a>
            </p>
            <h1>{title}</h1>
            {c.req.query('saved') ? (
              <Alert variant="success" title={t('events:staff.saved')} role="status" />
            ) : null}
            <p>
              {t('website:staff.status')}:{' '}
              <strong>{t(published ? 'website:statuses.published' : 'website:statuses.draft')}</strong>
              {published ? (
                <>
                  {' · '}
                  <a href={publicHref}>{t('website:staff.viewPublic')}</a>
                </>
              ) : null}
            </p>
            <form method="post" action={`${base}/publish`} className="q-actions">
              <CsrfField token={csrf} />
              <input type="hidden" name="publish" value={published ? '' : 'on'} />
              <Button type="submit" variant={published ? 'secondary' : 'primary'}>
                {published ? t('website:staff.unpublish') : t('website:staff.publish')}
              </Button>
            </form>
            <LanguageTabs c={c} base={base} texts={texts} current={lang} />
            {
              await contentForm(c, {
                kind,
                action: `${base}?text=${lang}`,
                values,
                errors,
                lang,
                isNew: false,
                currentImage: img,
              })
            }
            {lang !== 'de' && texts.some((x) => x.lang === lang) ? (
              <form method="post" action={`${base}/texts/${lang}/delete`}>
                <CsrfField token={csrf} />
                <Button type="submit" variant="tertiary">
                  {t('website:staff.deleteTranslation', { lang: LANG_NAMES[lang] })}
                </Button>
              </form>
            ) : null}
            <h2>{t('website:staff.deleteTitle')}</h2>
            <form method="post" action={`${base}/delete`}>
              <CsrfField token={csrf} />
              <Button type="submit" variant="danger">
                {t('website:staff.delete')}
              </Button>
            </form>
          </>
        ),
      });
    };

    staff.get(`/website/${plural}/new`, async (c) => {
      authorize(actorOf(c), PERMS.manage);
      const t = c.get('t');
      const tenant = c.get('tenant')!;
      return staffPage(c, {
        title: t(kind === 'post' ? 'website:staff.newPost' : 'website:staff.newPage'),
        children: (
          <>
            <p className="q-breadcrumb">
              <a href={`/staff/${tenant.slug}/website`}>{t('website:staff.title')}</a>
            </p>
            <h1>{t(kind === 'post' ? 'website:staff.newPost' : 'website:staff.newPage')}</h1>
            {
              await contentForm(c, {
                kind,
                action: `/staff/${tenant.slug}/website/${plural}/new`,
                values: { areaId: c.get('currentAreaId') ?? '' },
                errors: {},
                lang: 'de',
                isNew: true,
              })
            }
          </>
        ),
      });
    });

    staff.post(`/website/${plural}/new`, async (c) => {
      // Before the form is read (an uploaded image would be stored): 403 beats 422.
      const actor = actorOf(c);
      authorize(actor, PERMS.manage);
      const t = c.get('t');
      const tenant = c.get('tenant')!;
      const db = c.get('services').db;
      const r = await readForm(c, kind, false);
      if (Object.keys(r.errors).length) {
        return staffPage(c, {
          title: t(kind === 'post' ? 'website:staff.newPost' : 'website:staff.newPage'),
          status: 422,
          children: (
            <>
              <h1>{t(kind === 'post' ? 'website:staff.newPost' : 'website:staff.newPage')}</h1>
              {
                await contentForm(c, {
                  kind,
                  action: `/staff/${tenant.slug}/website/${plural}/new`,
                  values: r.values,
                  errors: r.errors,
                  lang: 'de',
                  isNew: true,
                })
              }
            </>
          ),
        });
      }
      const text = { ...r.text, lang: 'de' };
      const { id } =
        kind === 'post'
          ? await createPost(actor, db, { ...r.meta, image: r.image, publish: r.publish }, text)
          : await createPage(actor, db, { ...r.meta, publish: r.publish }, text);
      return c.redirect(`/staff/${tenant.slug}/website/${plural}/${id}?saved=1`);
    });

    staff.get(`/website/${plural}/:id{[0-9a-f-]{36}}`, async (c) => {
      const { item, texts } = await load(c);
      const lang = textLang(c);
      // A missing translation starts from the German text's settings with empty words.
      const text = texts.find((x) => x.lang === lang);
      return editPage(c, item, texts, lang, valuesOf(item, text), {});
    });

    staff.post(`/website/${plural}/:id{[0-9a-f-]{36}}`, async (c) => {
      const { item, texts } = await load(c);
      const tenant = c.get('tenant')!;
      const services = c.get('services');
      const r = await readForm(c, kind, 'imageId' in item && !!item.imageId);
      if (Object.keys(r.errors).length) return editPage(c, item, texts, r.lang, r.values, r.errors, 422);
      const actor = actorOf(c);
      if (kind === 'post')
        await updatePost(
          actor,
          services.db,
          services.config.storageDir,
          item.id,
          { ...r.meta, image: r.image, removeImage: r.removeImage },
          r.text,
        );
      else await updatePage(actor, services.db, item.id, r.meta, r.text);
      return c.redirect(`/staff/${tenant.slug}/website/${plural}/${item.id}?text=${r.lang}&saved=1`);
    });

    staff.get(`/website/${plural}/:id{[0-9a-f-]{36}}/image`, async (c) => {
      const { item } = await load(c);
      if (!('imageId' in item) || !item.imageId || !item.imageType) throw new AppError(404, 'not_found');
      const res = await serveStoredFile(c, {
        storageDir: c.get('services').config.storageDir,
        tenantId: item.tenantId,
        id: item.imageId,
        contentType: item.imageType,
      });
      if (!res) throw new AppError(404, 'not_found');
      return res;
    });

    staff.post(`/website/${plural}/:id{[0-9a-f-]{36}}/publish`, async (c) => {
      const actor = actorOf(c);
      const id = c.req.param('id');
      const tenant = c.get('tenant')!;
      const db = c.get('services').db;
      const publish = str((await formData(c)).publish) === 'on';
      if (kind === 'post') await setPostStatus(actor, db, id, publish);
      else await setPagePublished(actor, db, id, publish);
      return c.redirect(`/staff/${tenant.slug}/website/${plural}/${id}?saved=1`);
    });

    staff.post(`/website/${plural}/:id{[0-9a-f-]{36}}/texts/:lang/delete`, async (c) => {
      const id = c.req.param('id');
      const tenant = c.get('tenant')!;
      const lang = c.req.param('lang');
      await deleteText(actorOf(c), c.get('services').db, kind, id, isLang(lang) ? lang : 'de');
      return c.redirect(`/staff/${tenant.slug}/website/${plural}/${id}?saved=1`);
    });

    staff.post(`/website/${plural}/:id{[0-9a-f-]{36}}/delete`, async (c) => {
      const actor = actorOf(c);
      const id = c.req.param('id');
      const tenant = c.get('tenant')!;
      const services = c.get('services');
      if (kind === 'post') await deletePost(actor, services.db, services.config.storageDir, id);
      else await deletePage(actor, services.db, id);
      return c.redirect(`/staff/${tenant.slug}/website`);
    });
  }
}

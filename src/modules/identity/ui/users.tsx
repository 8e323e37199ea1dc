import type { Context, Hono } from 'hono';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  LinkButton,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { DEPARTMENT_MAX, listDepartments, ROLES } from '../../access/index.ts';
import { listAreas } from '../../areas/index.ts';
import { inviteUser } from '../invitations.ts';
import {
  changeMemberDepartment,
  getMember,
  listMembers,
  listPendingInvitations,
  type Member,
  type PendingInvitation,
  removeMember,
} from '../members.ts';
import { PERMS } from '../policies.ts';
import { DepartmentField, DepartmentList } from './department-field.tsx';
import { summaryOf, translateFields } from './form-text.ts';
import { formatDateTime } from './format.ts';

interface InviteValues {
  email?: string;
  role?: string;
  scopeAreaId?: string;
  department?: string;
}

/** A department change that failed validation: shown again in its table row with what was typed. */
interface DepartmentEdit {
  membershipId: string;
  value: string;
  error: string;
}

const departmentFieldId = (membershipId: string) => `department-${membershipId}`;

export function mountUserAdmin(staff: Hono<AppEnv>) {
  const page = async (
    c: Context<AppEnv>,
    v: {
      values?: InviteValues;
      fieldErrors?: Record<string, string>;
      invited?: { email: string; link?: string };
      removed?: boolean;
      departmentSaved?: boolean;
      departmentEdit?: DepartmentEdit;
    },
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const base = `/staff/${tenant.slug}`;
    const [members, pending, scopeAreas, departments] = await Promise.all([
      listMembers(db, tenant.id),
      listPendingInvitations(db, tenant.id),
      listAreas(db, tenant.id, { kinds: ['programme', 'district'] }),
      listDepartments(db, tenant.id),
    ]);
    const usedIds = [
      ...new Set([...members, ...pending].map((m) => m.scopeAreaId).filter((x): x is string => !!x)),
    ];
    const areaNames = new Map(
      [
        ...scopeAreas,
        ...(await listAreas(db, tenant.id, {
          ids: usedIds.filter((id) => !scopeAreas.some((a) => a.id === id)),
        })),
      ].map((a) => [a.id, a.name]),
    );
    const scopeLabel = (id: string | null) =>
      id ? (areaNames.get(id) ?? t('access:home.scopedArea')) : t('access:scopeTenant');
    const fe = v.fieldErrors ?? {};
    const values = v.values ?? {};
    const edit = v.departmentEdit;
    const departmentCell = (m: Member) => {
      if (m.role !== 'department') return '–';
      const id = departmentFieldId(m.membershipId);
      const mine = edit?.membershipId === m.membershipId ? edit : undefined;
      return (
        <form method="post" action={`${base}/users/${m.membershipId}/department`} className="q-filter">
          <CsrfField token={csrfTokenFor(c)} />
          <DepartmentField
            id={id}
            label={t('identity:users.departmentOf', { name: m.name })}
            hideLabel
            value={mine ? mine.value : (m.department ?? '')}
            hint={m.department ? undefined : t('identity:users.departmentMissing')}
            error={mine?.error}
          />
          <Button type="submit" variant="secondary">
            {t('identity:users.departmentSave')}
            <span className="q-visually-hidden">{`: ${t('identity:users.departmentOf', { name: m.name })}`}</span>
          </Button>
        </form>
      );
    };
    return staffPage(c, {
      title: t('identity:users.title'),
      status,
      children: (
        <>
          <h1>{t('identity:users.title')}</h1>
          {v.removed ? <Alert variant="success" role="status" title={t('identity:users.removed')} /> : null}
          {v.departmentSaved ? (
            <Alert variant="success" role="status" title={t('identity:users.departmentSaved')} />
          ) : null}
          <ErrorSummary
            id="department-errors"
            title={t('errorSummaryTitle')}
            errors={
              edit
                ? [
                    {
                      fieldId: departmentFieldId(edit.membershipId),
                      message: `${t('identity:users.department')}: ${edit.error}`,
                    },
                  ]
                : []
            }
          />
          {v.invited ? (
            <Alert
              variant="success"
              role="status"
              title={t('identity:users.invited', { email: v.invited.email })}
            >
              {v.invited.link ? (
                <>
                  <p>{t('identity:users.noMailLink')}</p>
                  <p>
                    <code className="q-secret">{v.invited.link}</code>
                  </p>
                </>
              ) : undefined}
            </Alert>
          ) : null}
          <DataTable
            caption={t('identity:users.members', { count: members.length })}
            rows={members}
            rowKey={(m: Member) => m.membershipId}
            emptyMessage={t('identity:users.noMembers')}
            columns={[
              { key: 'name', header: t('identity:users.name'), rowHeader: true, cell: (m: Member) => m.name },
              { key: 'email', header: t('identity:login.email'), cell: (m: Member) => m.email },
              {
                key: 'role',
                header: t('identity:users.role'),
                cell: (m: Member) => t(`access:roles.${m.role}`),
              },
              {
                key: 'scope',
                header: t('identity:users.scope'),
                cell: (m: Member) => scopeLabel(m.scopeAreaId),
              },
              { key: 'department', header: t('identity:users.department'), cell: departmentCell },
              {
                key: 'last',
                header: t('identity:users.lastSignIn'),
                cell: (m: Member) => (m.lastSignIn ? formatDateTime(lang, m.lastSignIn) : '–'),
              },
              {
                key: 'actions',
                header: t('identity:users.actions'),
                hideHeader: true,
                action: true,
                cell: (m: Member) => (
                  <a href={`${base}/users/${m.membershipId}/remove`}>
                    {t('identity:users.remove')}
                    <span className="q-visually-hidden">{`: ${m.name}, ${t(`access:roles.${m.role}`)}`}</span>
                  </a>
                ),
              },
            ]}
          />
          {pending.length ? (
            <DataTable
              caption={t('identity:users.pending', { count: pending.length })}
              rows={pending}
              rowKey={(p: PendingInvitation) => p.id}
              emptyMessage=""
              columns={[
                {
                  key: 'email',
                  header: t('identity:login.email'),
                  rowHeader: true,
                  cell: (p: PendingInvitation) => p.email,
                },
                {
                  key: 'role',
                  header: t('identity:users.role'),
                  cell: (p: PendingInvitation) => (p.role ? t(`access:roles.${p.role}`) : ''),
                },
                {
                  key: 'scope',
                  header: t('identity:users.scope'),
                  cell: (p: PendingInvitation) => scopeLabel(p.scopeAreaId),
                },
                {
                  key: 'department',
                  header: t('identity:users.department'),
                  cell: (p: PendingInvitation) => p.department ?? '–',
                },
                {
                  key: 'expires',
                  header: t('identity:users.expires'),
                  cell: (p: PendingInvitation) => formatDateTime(lang, p.expiresAt),
                },
              ]}
            />
          ) : null}
          <h2 id="invite">{t('identity:users.inviteTitle')}</h2>
          <p>{t('identity:users.inviteIntro')}</p>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'invite', {
              email: t('identity:login.email'),
              role: t('identity:users.role'),
              scopeAreaId: t('identity:users.scope'),
              department: t('identity:users.department'),
            })}
          />
          <form method="post" action={`${base}/users/invite`} noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              id="invite-email"
              name="email"
              type="email"
              label={t('identity:login.email')}
              value={values.email ?? ''}
              autoComplete="off"
              required
              error={fe.email}
            />
            <SelectField
              id="invite-role"
              name="role"
              label={t('identity:users.role')}
              value={values.role ?? ''}
              placeholder={t('identity:users.choose')}
              options={ROLES.map((r) => ({ value: r, label: t(`access:roles.${r}`) }))}
              required
              error={fe.role}
            />
            <DepartmentField
              id="invite-department"
              label={t('identity:users.department')}
              hint={t('identity:users.departmentHint')}
              value={values.department ?? ''}
              error={fe.department}
            />
            <SelectField
              id="invite-scopeAreaId"
              name="scopeAreaId"
              label={t('identity:users.scope')}
              hint={t('identity:users.scopeHint')}
              value={values.scopeAreaId ?? ''}
              options={[
                { value: '', label: t('access:scopeTenant') },
                ...scopeAreas.map((a) => ({
                  value: a.id,
                  label: `${a.name} (${t(`areas:kinds.${a.kind}`)})`,
                })),
              ]}
              error={fe.scopeAreaId}
            />
            <Button type="submit" variant="primary">
              {t('identity:users.inviteSubmit')}
            </Button>
          </form>
          <p>
            <a href={`${base}/sso`}>{t('identity:sso.admin.title')}</a>
          </p>
          <DepartmentList departments={departments} />
        </>
      ),
    });
  };

  staff.get('/users', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.users);
    return page(c, {
      removed: c.req.query('removed') === '1',
      departmentSaved: c.req.query('department') === '1',
    });
  });

  staff.post('/users/invite', async (c) => {
    const actor = actorOf(c);
    authorizeTenantWide(actor, PERMS.users);
    const { db, config, jobs, mailer } = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const values = {
      email: str(body.email).trim(),
      role: str(body.role),
      scopeAreaId: str(body.scopeAreaId),
      department: str(body.department),
    };
    try {
      const link = await inviteUser(actor, db, {
        email: values.email,
        role: values.role,
        scopeAreaId: values.scopeAreaId || null,
        department: values.department,
        baseUrl: config.baseUrl,
        lang: c.get('lang'),
        ip: clientIp(c, config.trustProxy),
      });
      await jobs.send('mail.deliver', {});
      // Without a mail server the invitation waits in the outbox; the administrator can pass the link on.
      return page(c, {
        invited: { email: values.email.toLowerCase(), link: mailer.enabled ? undefined : link },
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return page(c, { values, fieldErrors: translateFields(c, err.fields, { max: DEPARTMENT_MAX }) }, 422);
      throw err;
    }
  });

  staff.post('/users/:membershipId/department', async (c) => {
    const actor = actorOf(c);
    authorizeTenantWide(actor, PERMS.users);
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const membershipId = c.req.param('membershipId');
    const department = str((await formData(c)).department);
    try {
      await changeMemberDepartment(actor, db, {
        membershipId,
        department,
        ip: clientIp(c, config.trustProxy),
      });
      return c.redirect(`/staff/${tenant.slug}/users?department=1`, 303);
    } catch (err) {
      if (err instanceof ValidationError) {
        const error = translateFields(c, err.fields, { max: DEPARTMENT_MAX }).department ?? '';
        return page(c, { departmentEdit: { membershipId, value: department, error } }, 422);
      }
      throw err;
    }
  });

  const confirmPage = async (c: Context<AppEnv>, m: Member, error?: string) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const base = `/staff/${tenant.slug}`;
    return staffPage(c, {
      title: t('identity:users.removeTitle'),
      status: error ? 409 : 200,
      children: (
        <>
          <h1>{t('identity:users.removeTitle')}</h1>
          {error ? <Alert variant="error" title={error} /> : null}
          <p>
            {t('identity:users.removeQuestion', {
              name: m.name,
              email: m.email,
              role: t(`access:roles.${m.role}`),
              tenant: tenant.name,
            })}
          </p>
          <form method="post" action={`${base}/users/${m.membershipId}/remove`} className="q-actions">
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit" variant="danger">
              {t('identity:users.removeConfirm')}
            </Button>
            <LinkButton href={`${base}/users`} variant="secondary">
              {t('cancel')}
            </LinkButton>
          </form>
        </>
      ),
    });
  };

  staff.get('/users/:membershipId/remove', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.users);
    const m = await getMember(c.get('services').db, c.get('tenant')!.id, c.req.param('membershipId'));
    if (!m) throw new AppError(404, 'membership_not_found');
    return confirmPage(c, m);
  });

  staff.post('/users/:membershipId/remove', async (c) => {
    const actor = actorOf(c);
    authorizeTenantWide(actor, PERMS.users);
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const user = c.get('user')!;
    try {
      const removed = await removeMember(actor, db, {
        membershipId: c.req.param('membershipId'),
        ip: clientIp(c, config.trustProxy),
      });
      // Someone who removed their own last role here has nothing left to see in this tenant.
      return c.redirect(removed.userId === user.id ? '/staff' : `/staff/${tenant.slug}/users?removed=1`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'last_admin') {
        const m = await getMember(db, tenant.id, c.req.param('membershipId'));
        if (m) return confirmPage(c, m, c.get('t')('identity:users.lastAdmin'));
      }
      throw err;
    }
  });
}

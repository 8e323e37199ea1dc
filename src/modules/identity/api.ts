import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/context.ts';

const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('IdentityError');

const Me = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    roles: z.array(
      z.object({
        role: z.string().openapi({ description: 'admin, coordinator, team, department or jury' }),
        scopeAreaId: z.string().uuid().nullable().openapi({ description: 'null = the whole tenant' }),
      }),
    ),
  })
  .openapi('Me');

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Accounts'],
  summary: 'The signed-in account and its roles in this tenant',
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      tenant: z.string().openapi({ param: { name: 'tenant', in: 'path' }, description: 'Tenant slug' }),
    }),
  },
  responses: {
    200: { description: 'Who you are here', content: { 'application/json': { schema: Me } } },
    401: {
      description: 'Not signed in or token invalid/revoked',
      content: { 'application/json': { schema: ErrorBody } },
    },
    403: {
      description: 'Not a member, or a token of another tenant',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

export function mountIdentityApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(meRoute, (c) => {
    const user = c.get('user')!;
    const principal = c.get('principal')!;
    return c.json(
      {
        id: user.id,
        email: user.email,
        name: user.name,
        roles: principal.grants.map((g) => ({ role: g.role, scopeAreaId: g.scopeAreaId })),
      },
      200,
    );
  });
}

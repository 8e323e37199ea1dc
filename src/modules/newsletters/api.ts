import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { PERM_SUBSCRIBERS } from './ui/staff.tsx';
import { markBounced } from './use-cases/subscribers.ts';

const bouncesRoute = createRoute({
  method: 'post',
  path: '/newsletter/bounces',
  tags: ['Newsletter'],
  summary: 'Report bounced addresses (e.g. from the mail server’s bounce processing)',
  description:
    'Marks the subscribers with these addresses as bounced: they get no further issues until they sign up again. Unknown addresses are ignored.',
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            emails: z.array(z.string().email().max(254)).min(1).max(1000),
            reason: z.string().max(500).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'How many subscribers were marked',
      content: { 'application/json': { schema: z.object({ marked: z.number().int() }) } },
    },
    403: { description: 'Missing permission' },
    422: { description: 'Invalid body' },
  },
});

export function mountNewsletterApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(bouncesRoute, async (c) => {
    const policy = c.get('policy');
    // Subscribers belong to the whole tenant: only members without an area limit.
    if (
      !policy?.can(c.get('principal'), PERM_SUBSCRIBERS) ||
      policy.scopeFor(c.get('principal'), PERM_SUBSCRIBERS) !== null
    )
      throw new AppError(403, 'forbidden');
    const b = c.req.valid('json');
    const marked = await markBounced(
      c.get('services').db,
      c.get('tenant')!.id,
      b.emails,
      b.reason ?? 'reported by API',
    );
    return c.json({ marked }, 200);
  });
}

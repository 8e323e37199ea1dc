import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { reportBounces } from './use-cases/subscribers.ts';

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
    const b = c.req.valid('json');
    const marked = await reportBounces(
      actorOf(c),
      c.get('services').db,
      b.emails,
      b.reason ?? 'reported by API',
    );
    return c.json({ marked }, 200);
  });
}

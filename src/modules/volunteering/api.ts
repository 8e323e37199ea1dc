// The JSON API of volunteering (OpenAPI): the open needs and calls and the published initiatives (public
// content, no contact details), and a need's matches for staff (the volunteer's contact only once both
// sides agreed). Thin: parse → use case → present.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { offsetQuery } from '../../platform/http/paging.ts';
import { NEED_KINDS, SKILLS } from './domain/vocab.ts';
import type { Initiative } from './queries.ts';
import { publicInitiative, publicInitiatives } from './use-cases/initiatives.ts';
import { matchesOfNeed } from './use-cases/matches.ts';
import { type PublicNeed, publicNeed, publicNeeds } from './use-cases/needs.ts';

const TAG = 'Volunteering';
const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('VolunteeringError');
const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: { description: 'Missing permission', content: json(ErrorBody) },
};
const notFound = { 404: { description: 'Not found (or outside your areas)', content: json(ErrorBody) } };
const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const Need = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(NEED_KINDS),
    title: z.string(),
    description: z.string(),
    forWhom: z.string(),
    organisation: z.string(),
    areaId: z.string().uuid(),
    place: z.string(),
    schedule: z.enum(['once', 'regular']),
    startsOn: z.string().nullable().openapi({ format: 'date' }),
    endsOn: z.string().nullable().openapi({ format: 'date' }),
    weekdays: z.array(z.string()),
    dayParts: z.array(z.string()),
    scheduleNote: z.string(),
    peopleNeeded: z.number().int(),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    safeguarding: z.boolean().openapi({
      description: 'Work with children or vulnerable people (an extended certificate is needed)',
    }),
  })
  .openapi('VolunteeringNeed');

const InitiativeOut = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    areaId: z.string().uuid(),
    activities: z.string(),
    meets: z.string(),
    place: z.string(),
    joinMode: z.enum(['contact', 'come_by']),
  })
  .openapi('VolunteeringInitiative');

const MatchOut = z
  .object({
    id: z.string().uuid(),
    status: z.string(),
    score: z.number().int(),
    reasons: z.array(z.string()),
    volunteer: z.object({
      id: z.string().uuid(),
      name: z.string(),
      skills: z.array(z.string()),
      languages: z.array(z.string()),
    }),
    contact: z
      .object({ email: z.string(), phone: z.string() })
      .nullable()
      .openapi({ description: 'Only once both sides agreed (accepted or confirmed)' }),
    confirmedHours: z.number(),
  })
  .openapi('VolunteeringMatch');

const needOut = (n: PublicNeed) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  description: n.description,
  forWhom: n.forWhom,
  organisation: n.organisation,
  areaId: n.areaId,
  place: n.place,
  schedule: n.schedule,
  startsOn: n.startsOn,
  endsOn: n.endsOn,
  weekdays: n.weekdays,
  dayParts: n.dayParts,
  scheduleNote: n.scheduleNote,
  peopleNeeded: n.peopleNeeded,
  skills: n.skills,
  languages: n.languages,
  safeguarding: n.safeguarding,
});
const initiativeOut = (i: Initiative) => ({
  id: i.id,
  name: i.name,
  areaId: i.areaId,
  activities: i.activities,
  meets: i.meets,
  place: i.place,
  joinMode: i.joinMode,
});

const listNeedsRoute = createRoute({
  method: 'get',
  path: '/volunteering/needs',
  tags: [TAG],
  summary: 'Open needs and calls for volunteers',
  description:
    'What the public "Get involved" page shows: open needs and calls still to come, without their contact.',
  security,
  request: {
    query: z.object({
      area: z.string().uuid().optional().openapi({ description: 'Only needs in this area (or below it)' }),
      skill: z.enum(SKILLS).optional(),
      kind: z.enum(NEED_KINDS).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: offsetQuery(),
    }),
  },
  responses: { 200: { description: 'Needs', content: json(z.object({ items: z.array(Need) })) }, ...errors },
});

const getNeedRoute = createRoute({
  method: 'get',
  path: '/volunteering/needs/{id}',
  tags: [TAG],
  summary: 'One open need or call',
  security,
  request: { params: IdParam },
  responses: { 200: { description: 'The need', content: json(Need) }, ...errors, ...notFound },
});

const listInitiativesRoute = createRoute({
  method: 'get',
  path: '/volunteering/initiatives',
  tags: [TAG],
  summary: 'Published initiatives',
  description:
    'The public directory of initiatives: activities, when and where they meet, how to join (never their address).',
  security,
  request: { query: z.object({ area: z.string().uuid().optional() }) },
  responses: {
    200: { description: 'Initiatives', content: json(z.object({ items: z.array(InitiativeOut) })) },
    ...errors,
  },
});

const getInitiativeRoute = createRoute({
  method: 'get',
  path: '/volunteering/initiatives/{id}',
  tags: [TAG],
  summary: 'One published initiative',
  security,
  request: { params: IdParam },
  responses: { 200: { description: 'The initiative', content: json(InitiativeOut) }, ...errors, ...notFound },
});

const needMatchesRoute = createRoute({
  method: 'get',
  path: '/volunteering/needs/{id}/matches',
  tags: [TAG],
  summary: 'The matches of a need (staff)',
  description:
    'Proposed, agreed, confirmed and ended matches of a need in your areas; declined and expired proposals are left out. The volunteer’s contact only once both sides agreed.',
  security,
  request: { params: IdParam },
  responses: {
    200: { description: 'Matches', content: json(z.object({ items: z.array(MatchOut) })) },
    ...errors,
    ...notFound,
  },
});

export function mountVolunteeringApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listNeedsRoute, async (c) => {
    const q = c.req.valid('query');
    const list = await publicNeeds(c.get('services').db, c.get('tenant')!.id, {
      areaId: q.area,
      skill: q.skill,
      kind: q.kind,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({ items: list.map(needOut) }, 200);
  });
  api.openapi(getNeedRoute, async (c) =>
    c.json(
      needOut(await publicNeed(c.get('services').db, c.get('tenant')!.id, c.req.valid('param').id)),
      200,
    ),
  );
  api.openapi(listInitiativesRoute, async (c) => {
    const list = await publicInitiatives(c.get('services').db, c.get('tenant')!.id, {
      areaId: c.req.valid('query').area,
    });
    return c.json({ items: list.map(initiativeOut) }, 200);
  });
  api.openapi(getInitiativeRoute, async (c) =>
    c.json(
      initiativeOut(
        await publicInitiative(c.get('services').db, c.get('tenant')!.id, c.req.valid('param').id),
      ),
      200,
    ),
  );
  api.openapi(needMatchesRoute, async (c) => {
    const list = await matchesOfNeed(actorOf(c), c.get('services').db, c.req.valid('param').id);
    return c.json(
      {
        items: list.map((m) => ({
          id: m.match.id,
          status: m.match.status,
          score: m.match.score,
          reasons: m.match.reasons,
          volunteer: {
            id: m.volunteer.id,
            name: m.volunteer.name,
            skills: m.volunteer.skills,
            languages: m.volunteer.languages,
          },
          contact: m.contact,
          confirmedHours: Math.round((m.minutes / 60) * 100) / 100,
        })),
      },
      200,
    );
  });
}

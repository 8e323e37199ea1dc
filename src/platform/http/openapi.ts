/**
 * Completes the OpenAPI document that @hono/zod-openapi builds from the modules' routes, so every
 * operation states what the platform guarantees for all of them (one place, not 35 route files):
 * the path parameters ({tenant} and the rest), the answers the middleware and the error handler
 * give (400, 401, 403, 404, 413, 415, 422, 429 with the one error body), an operationId, the tags and
 * the licence. A module that declares any of these itself keeps its own.
 */

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; $ref?: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Answers every API operation may give, and when. */
const COMMON_ANSWERS: { status: string; description: string; when: (op: Operation) => boolean }[] = [
  {
    status: '400',
    description:
      'The request cannot be read: a malformed JSON body, or a NUL character in the path, the query or the body (`nul_character`).',
    when: () => true,
  },
  {
    status: '401',
    description: 'Not signed in: no session cookie and no valid personal API token.',
    when: () => true,
  },
  {
    status: '403',
    description:
      'Not allowed: not a member of this tenant, a token of another tenant, a missing permission, or a write without CSRF token.',
    when: () => true,
  },
  { status: '404', description: 'No such tenant, or no such object in this tenant.', when: () => true },
  {
    status: '413',
    description: 'The request body is too large.',
    when: (op) => op.requestBody !== undefined,
  },
  {
    status: '415',
    description: 'The request body is not JSON.',
    when: (op) => op.requestBody !== undefined,
  },
  {
    status: '422',
    description: 'The input is not valid; `error.fields` names each field with its message.',
    when: (op) => op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query'),
  },
  { status: '429', description: 'Too many requests; see `Retry-After`.', when: () => true },
];

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Machine-readable reason, e.g. `forbidden`, `not_found`.' },
        message: { type: 'string', description: "Readable explanation in the caller's language." },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Per-field messages (422 only).',
        },
      },
    },
  },
};

const PATH_PARAMETERS: Record<string, Json> = {
  tenant: {
    description: 'The tenant’s short name, e.g. `berlin`.',
    schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 40 },
  },
};

/** `get /tenants/{tenant}/network/actors/{id}` → `getNetworkActorsById`. */
function operationIdFor(method: string, path: string): string {
  const words: string[] = [];
  for (const seg of path.split('/')) {
    if (!seg || seg === 'tenants' || seg === '{tenant}') continue;
    const param = /^\{(.+)\}$/.exec(seg);
    const parts = (param ? `by-${param[1]}` : seg).split(/[^A-Za-z0-9]+/).filter(Boolean);
    for (const p of parts) words.push(p[0].toUpperCase() + p.slice(1));
  }
  return method + words.join('');
}

export function completeOpenApiDocument<T extends Json>(
  doc: T,
  opts: { license: string; tags: Record<string, string> },
): T {
  const d = doc as Json & {
    info: Json;
    paths?: Record<string, Record<string, Operation>>;
    components?: Json & { responses?: Json; schemas?: Json };
    tags?: { name: string }[];
  };
  d.info.license ??= { name: opts.license, identifier: opts.license };
  d.components ??= {};
  d.components.schemas ??= {};
  (d.components.schemas as Json).Error ??= ERROR_SCHEMA;
  d.components.responses ??= {};
  const responses = d.components.responses as Json;
  const answer = (status: string) => {
    const a = COMMON_ANSWERS.find((x) => x.status === status)!;
    responses[`Error${status}`] ??= {
      description: a.description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    return { $ref: `#/components/responses/Error${status}` };
  };
  const usedIds = new Set<string>();
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(d.paths ?? {})) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.parameters ??= [];
      for (const name of names) {
        if (op.parameters.some((p) => p.in === 'path' && p.name === name)) continue;
        op.parameters.unshift({
          name,
          in: 'path',
          required: true,
          ...(PATH_PARAMETERS[name] ?? { schema: { type: 'string' } }),
        } as Operation['parameters'] extends (infer P)[] | undefined ? P : never);
      }
      let id = op.operationId ?? operationIdFor(method, path);
      for (let n = 2; usedIds.has(id); n++) id = `${op.operationId ?? operationIdFor(method, path)}${n}`;
      op.operationId = id;
      usedIds.add(id);
      op.responses ??= {};
      for (const a of COMMON_ANSWERS) {
        if (a.when(op) && !(a.status in op.responses)) op.responses[a.status] = answer(a.status);
      }
      for (const t of op.tags ?? []) tags.add(t);
    }
  }
  const declared = new Set((d.tags ?? []).map((t) => t.name));
  d.tags = [
    ...(d.tags ?? []),
    ...[...tags]
      .filter((t) => !declared.has(t))
      .sort()
      .map((name) => ({ name, ...(opts.tags[name] ? { description: opts.tags[name] } : {}) })),
  ];
  return doc;
}

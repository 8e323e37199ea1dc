import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { futureWeekday, makeHouse, requestForm } from './test-helpers.ts';
import { SEND_LIMIT } from './ui/public.tsx';

let ctx: TestContext;
let url: string;
let roomId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'limitstadt');
  const { house, seminar } = await makeHouse(ctx.services, tenant.id);
  url = `/limitstadt/houses/${house.slug}/request`;
  roomId = seminar.id;
});
afterAll(() => ctx.close());

describe('rate limit on the public request form', () => {
  it(`allows ${SEND_LIMIT.limit} sends per hour from one address, then answers 429 with Retry-After`, async () => {
    const agent = new Agent(ctx.app);
    await agent.get(url);
    // Invalid sends count too: the limit protects the server, not only the inbox.
    for (let i = 0; i < SEND_LIMIT.limit; i++) {
      const r = await agent.post(
        url,
        requestForm(roomId, futureWeekday(2), { email: `x${i}@example.org`, participants: '0' }),
      );
      expect(r.status).toBe(422);
    }
    const blocked = await agent.post(url, requestForm(roomId, futureWeekday(2), { participants: '5' }));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('Zu viele');
    // Checking availability has its own, larger allowance.
    const check = await agent.post(
      url,
      requestForm(roomId, futureWeekday(2), { participants: '5', intent: 'check' }),
      { csrfFrom: url },
    );
    expect(check.status).toBe(200);
  });
});

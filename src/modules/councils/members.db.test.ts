/**
 * Bodies and members on the database: the role rule of seed 003 (the neighbourhood team cannot chair
 * an AG Gemeinwesenarbeit), the resident majority of a Quartiersrat, terms with resignation and
 * successor (history kept), and referenced ids checked against the tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withParams } from '../../platform/i18n/index.ts';
import { addDays, addMonths } from '../../platform/time/index.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { createActor } from '../network/index.ts';
import { addMember, createBody, endMemberTerm, membersFor, resignMember, updateBody } from './index.ts';
import { listMembers } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

/** The refusal's status and fields, or 'not refused'. */
async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (err) {
    const e = err as { status?: number; fields?: Record<string, string> };
    return { status: e.status, fields: e.fields };
  }
  return 'not refused';
}

describe('role rule of an AG Gemeinwesenarbeit (seed 003)', () => {
  it('refuses the neighbourhood team of the area as speaker or deputy, with a message saying so', async () => {
    const { body } = await fx.body({ kind: 'ag_gwa', name: 'AG GWA Nord' }, 3);
    const db = ctx.services.db;
    for (const role of ['speaker', 'deputy'] as const) {
      const r = await refusal(() =>
        addMember(
          fx.sys,
          db,
          body.id,
          fx.member('Tom A', {
            kind: 'organisation',
            organisation: 'Träger',
            userId: fx.users.teamA.id,
            role,
          }),
        ),
      );
      expect(r).toEqual({ status: 422, fields: { role: 'councils:errors.teamCannotChair' } });
    }
    // A member record of kind "team" without an account is the team as well.
    expect(
      await refusal(() =>
        addMember(fx.sys, db, body.id, fx.member('QM-Team', { kind: 'team', role: 'speaker' })),
      ),
    ).toMatchObject({ fields: { role: 'councils:errors.teamCannotChair' } });
    // The team of the district above the area counts too.
    expect(
      await refusal(() =>
        addMember(
          fx.sys,
          db,
          body.id,
          fx.member('Dana', { kind: 'administration', userId: fx.users.teamDistrict.id, role: 'deputy' }),
        ),
      ),
    ).toMatchObject({ fields: { role: 'councils:errors.teamCannotChair' } });
    // Nothing was saved.
    expect((await listMembers(db, fx.tenant.id, body.id)).map((m) => m.name)).not.toContain('Tom A');
  });

  it('lets the team be a member, moderate or take minutes, and lets others chair', async () => {
    const { body } = await fx.body({ kind: 'ag_gwa', name: 'AG GWA Süd' }, 0);
    const db = ctx.services.db;
    const team = await addMember(
      fx.sys,
      db,
      body.id,
      fx.member('Tom A', { kind: 'team', userId: fx.users.teamA.id, role: 'moderator' }),
    );
    expect(team.member.role).toBe('moderator');
    // The team of another area is not the team of this one.
    const other = await addMember(
      fx.sys,
      db,
      body.id,
      fx.member('Tina B', {
        kind: 'organisation',
        organisation: 'Verein B',
        userId: fx.users.teamB.id,
        role: 'speaker',
      }),
    );
    expect(other.member.role).toBe('speaker');
    const resident = await addMember(fx.sys, db, body.id, fx.member('Rosa', { role: 'deputy' }));
    expect(resident.member.role).toBe('deputy');
  });

  it('applies to a successor as well', async () => {
    const { body, members } = await fx.body({ kind: 'ag_gwa', name: 'AG GWA West' }, 0, [
      fx.member('Sprecherin', { role: 'speaker' }),
    ]);
    const r = await refusal(() =>
      resignMember(fx.sys, ctx.services.db, members[0].id, {
        resignedOn: fx.today,
        successor: { kind: 'team', name: 'QM-Team', role: 'speaker' },
      }),
    );
    expect(r).toMatchObject({ fields: { role: 'councils:errors.teamCannotChair' } });
    // The resignation did not happen either.
    expect((await listMembers(ctx.services.db, fx.tenant.id, body.id))[0].endedOn).toBeNull();
  });

  it('does not apply to other kinds of body', async () => {
    const { body } = await fx.body({ kind: 'quartiersrat', name: 'Quartiersrat X' }, 0);
    const r = await addMember(
      fx.sys,
      ctx.services.db,
      body.id,
      fx.member('Tom A', { kind: 'team', userId: fx.users.teamA.id, role: 'speaker' }),
    );
    expect(r.member.role).toBe('speaker');
  });
});

describe('composition of a Quartiersrat', () => {
  it('warns when residents are no longer the majority of the voting members, and saves anyway', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ kind: 'quartiersrat', name: 'Quartiersrat Mitte' }, 2);
    const org = (name: string) => fx.member(name, { kind: 'organisation', organisation: name });
    expect((await addMember(fx.sys, db, body.id, org('Kita'))).warnings).toEqual([]);
    const second = await addMember(fx.sys, db, body.id, org('Schule'));
    expect(second.warnings).toEqual([
      {
        rule: 'resident_majority',
        message: withParams('councils:warnings.residentMajority', { residents: 2, voting: 4 }),
        residents: 2,
        voting: 4,
      },
    ]);
    expect(second.member.id).toBeTruthy();
    // Advisory members do not count.
    const advisory = await addMember(
      fx.sys,
      db,
      body.id,
      fx.member('Jugendamt', { kind: 'administration', role: 'advisory' }),
    );
    expect(advisory.member.voting).toBe(false);
    expect(advisory.warnings[0]).toMatchObject({ residents: 2, voting: 4 });
    expect((await addMember(fx.sys, db, body.id, fx.member('Bewohnerin'))).warnings).toEqual([]);
    // Ending a resident's term breaks the majority again.
    const resident = (await listMembers(db, fx.tenant.id, body.id)).find((m) => m.name === 'Bewohnerin')!;
    const ended = await endMemberTerm(fx.sys, db, resident.id, { endedOn: fx.today, reason: 'removed' });
    expect(ended.warnings[0]).toMatchObject({ residents: 2, voting: 4 });
  });

  it('a Quartiersrat checks the rule by default; other bodies do not', async () => {
    const { body } = await fx.body({ kind: 'quartiersrat', name: 'Quartiersrat Ost' }, 0);
    expect(body.compositionRule).toBe('resident_majority');
    const { body: jury } = await fx.body({ kind: 'aktionsfondsjury', name: 'Jury Ost' }, 0);
    expect(jury.compositionRule).toBe('none');
    const changed = await updateBody(fx.sys, ctx.services.db, jury.id, {
      name: jury.name,
      kind: jury.kind,
      areaId: fx.qmA,
      compositionRule: 'resident_majority',
    });
    expect(changed.body.compositionRule).toBe('resident_majority');
  });
});

describe('terms', () => {
  it('a jury term lasts two years by default, from the first day', async () => {
    const { body } = await fx.body({ kind: 'aktionsfondsjury', name: 'Jury Nord' }, 0);
    const { member } = await addMember(fx.sys, ctx.services.db, body.id, {
      kind: 'resident',
      name: 'Neu',
      termFrom: '2026-03-01',
    });
    expect(member.termTo).toBe(addDays(addMonths('2026-03-01', 24), -1));
    expect(member.termTo).toBe('2028-02-29');
  });

  it('a resignation ends the term; the successor takes the rest of it, and both stay in the history', async () => {
    const db = ctx.services.db;
    const termTo = addDays(fx.today, 200);
    const { body, members } = await fx.body({ name: 'Jury Süd' }, 0, [
      fx.member('Alt', { termTo, role: 'deputy' }),
    ]);
    const r = await resignMember(fx.sys, db, members[0].id, {
      resignedOn: fx.today,
      successor: { name: 'Neu', email: 'Neu@Example.org' },
    });
    expect(r.member).toMatchObject({ endedOn: fx.today, endReason: 'resigned' });
    expect(r.successor).toMatchObject({
      name: 'Neu',
      kind: 'resident',
      role: 'member',
      email: 'neu@example.org',
      termFrom: addDays(fx.today, 1),
      termTo,
      successorOf: members[0].id,
    });
    expect((await membersFor(fx.sys, db, body.id)).map((m) => m.name)).toEqual(['Alt']);
    expect((await membersFor(fx.sys, db, body.id, { on: addDays(fx.today, 1) })).map((m) => m.name)).toEqual([
      'Neu',
    ]);
    expect((await membersFor(fx.sys, db, body.id, { history: true })).map((m) => m.name)).toEqual([
      'Alt',
      'Neu',
    ]);
    // A term ends once.
    expect(
      await refusal(() => endMemberTerm(fx.sys, db, members[0].id, { endedOn: fx.today, reason: 'removed' })),
    ).toMatchObject({
      fields: { endedOn: 'councils:errors.alreadyEnded' },
    });
  });

  it('an account cannot hold two overlapping terms in one body', async () => {
    const { body } = await fx.body({ name: 'Jury West' }, 0, [
      fx.member('Jana', { userId: fx.users.jury.id }),
    ]);
    expect(
      await refusal(() =>
        addMember(fx.sys, ctx.services.db, body.id, fx.member('Jana', { userId: fx.users.jury.id })),
      ),
    ).toMatchObject({ fields: { userId: 'councils:errors.alreadyMember' } });
  });

  it('advisory members and guests get no vote, also when the form says so', async () => {
    const { body } = await fx.body({ name: 'Jury Beratung' }, 0);
    expect(
      await refusal(() =>
        addMember(fx.sys, ctx.services.db, body.id, fx.member('Gast', { role: 'guest', voting: true })),
      ),
    ).toMatchObject({ fields: { voting: 'councils:errors.advisoryNoVote' } });
  });

  it('shows contact data only to staff who manage the body', async () => {
    const { body } = await fx.body({ name: 'Jury Kontakt', public: true }, 0, [
      fx.member('Mia', { email: 'mia@example.org' }),
    ]);
    expect((await membersFor(fx.actors.teamA, ctx.services.db, body.id))[0].email).toBe('mia@example.org');
    expect((await membersFor(fx.actors.department, ctx.services.db, body.id))[0].email).toBe('');
  });
});

describe('referenced ids are checked against the tenant', () => {
  it("refuses another tenant's account, organisation and area", async () => {
    const db = ctx.services.db;
    const other = await makeTenant(ctx.services);
    const stranger = await makeUser(ctx.services, { tenantId: other.id, role: 'jury' });
    const org = await createActor(db, other.id, { kind: 'organisation', name: 'Fremder Verein' });
    const area = (
      await upsertAreas(db, other.id, 'programme', [{ kind: 'programme', key: 'X', name: 'X' }])
    ).ids.get('X')!;
    const { body } = await fx.body({ name: 'Jury Fremd' }, 0);
    expect(
      await refusal(() => addMember(fx.sys, db, body.id, fx.member('Fremd', { userId: stranger.id }))),
    ).toMatchObject({ status: 422, fields: { userId: 'councils:errors.userNotInTenant' } });
    expect(
      await refusal(() =>
        addMember(fx.sys, db, body.id, fx.member('Fremd', { kind: 'organisation', actorId: org.id })),
      ),
    ).toMatchObject({ status: 422, fields: { actorId: 'validation.choice' } });
    expect(
      await refusal(() => createBody(fx.sys, db, { name: 'Fremd', kind: 'free', areaId: area })),
    ).toMatchObject({
      status: 422,
      fields: { areaId: 'validation.choice' },
    });
  });

  it('copies the name of an organisation of the network', async () => {
    const org = await createActor(ctx.services.db, fx.tenant.id, {
      kind: 'organisation',
      name: 'Kiezladen e. V.',
    });
    const { body } = await fx.body({ name: 'Jury Verein' }, 0);
    const { member } = await addMember(
      fx.sys,
      ctx.services.db,
      body.id,
      fx.member('Vertreterin', { kind: 'organisation', actorId: org.id }),
    );
    expect(member.organisation).toBe('Kiezladen e. V.');
  });

  it('names each field of a bad input', async () => {
    const { body } = await fx.body({ name: 'Jury Eingabe' }, 0);
    expect(
      await refusal(() =>
        addMember(fx.sys, ctx.services.db, body.id, {
          kind: 'resident',
          name: ' ',
          termFrom: '2025-02-30',
          email: 'kein-mail',
          role: 'chief' as never,
        }),
      ),
    ).toEqual({
      status: 422,
      fields: {
        name: 'validation.required',
        termFrom: 'councils:errors.date',
        email: 'validation.email',
        role: 'validation.choice',
      },
    });
  });
});

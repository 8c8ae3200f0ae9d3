import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { inJurisdiction } from '@app/database';
import { assistEscalationLevel } from '@app/domain';
import { AssistRequestsRepository } from '../../apps/bureau/src/assist-requests/assist-requests.repository';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  BUREAUS,
  createTestApp,
  FindingsFactory,
  officerToken,
  RegistryFactory,
  type FindingFixture,
  type TaxpayerFixture,
} from '@app/testing';

/**
 * Assist requests (协查) through the bureau API, on requests written the way the audit
 * engine opens them: the buyer's district (Dongcheng, Beijing) asks the seller's (Tianhe,
 * Guangdong, or Dongguan, a city without districts). The e2e database is shared with the
 * other test files, so every scenario has a period of its own in 2013-05 … 2013-09 and
 * every list is read for that period only.
 */
const P = {
  routing: '2013-05',
  escalation: '2013-06',
  replies: '2013-07',
  statuses: '2013-08',
  pages: '2013-09',
};
const DAY = 86_400_000;
const daysFromNow = (days: number): string => new Date(Date.now() + days * DAY).toISOString();
/** The lists' order: due date, then id (Postgres orders uuids as their lower-case text). */
const byDue = <T extends { id: string; dueAt: string }>(items: T[]): T[] =>
  [...items].sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

interface AssistBody {
  id: string;
  findingId: string;
  period: string;
  fromBureauCode: string;
  toBureauCode: string;
  assignedBureauCode: string;
  escalationLevel: number;
  status: 'open' | 'answered';
  overdue: boolean;
  openedAt: string;
  dueAt: string;
  finding: {
    category: string;
    invoiceCode: string | null;
    invoiceNumber: string | null;
    sellerTaxId: string | null;
    buyerTaxId: string | null;
    taxAtRisk: string;
  };
  reply: null | {
    conclusion: string;
    evidenceNote: string;
    repliedBy: string;
    repliedByBureau: string;
    repliedAt: string;
  };
}

interface PageBody {
  items: AssistBody[];
  nextCursor: string | null;
}

type Officer =
  | 'national'
  | 'guangdong'
  | 'guangzhou'
  | 'tianhe'
  | 'yuexiu'
  | 'shenzhen'
  | 'futian'
  | 'beijing'
  | 'dongcheng';

describe('assist requests: GET /v1/assist-requests, GET /v1/assist-requests/{id}, POST …/{id}/reply', () => {
  let app: INestApplication;
  let db: DataSource;
  let findings: FindingsFactory;
  let tianheSeller: TaxpayerFixture;
  let dongguanSeller: TaxpayerFixture;
  let dongchengBuyer: TaxpayerFixture;
  const token = {} as Record<Officer, string>;
  const username = {} as Record<Officer, string>;

  const server = () => app.getHttpServer();
  const get = (who: Officer, path: string) =>
    request(server()).get(path).set('Authorization', `Bearer ${token[who]}`);
  const reply = (who: Officer, id: string, body: object, headers: Record<string, string> = {}) =>
    request(server())
      .post(`/v1/assist-requests/${id}/reply`)
      .set('Authorization', `Bearer ${token[who]}`)
      .set(headers)
      .send(body);
  const genuine = { conclusion: 'genuine', evidenceNote: '已调取销方记账联及银行流水，交易真实' };

  async function list(who: Officer, query: Record<string, string | number>): Promise<PageBody> {
    return (await get(who, '/v1/assist-requests').query(query).expect(200)).body as PageBody;
  }
  const idsIn = async (who: Officer, query: Record<string, string | number>): Promise<string[]> =>
    (await list(who, query)).items.map((i) => i.id).sort();
  const sorted = (...ids: string[]) => [...ids].sort();

  /** A finding of a Guangdong seller and the Dongcheng buyer, and its request, due `dueInDays` from now. */
  async function requestOf(
    period: string,
    dueInDays: number,
    seller: TaxpayerFixture = tianheSeller,
  ): Promise<{ id: string; finding: FindingFixture }> {
    const finding = await findings.finding({
      period,
      seller,
      buyer: dongchengBuyer,
      category: 'OVERSTATED_CLAIM',
      taxAtRisk: '20.00',
    });
    return { id: await findings.assistRequest(finding, { dueAt: daysFromNow(dueInDays) }), finding };
  }

  const repliesTo = async (id: string): Promise<number> => {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM review.assist_replies WHERE request_id = $1`,
      [id],
    );
    return n;
  };

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    findings = new FindingsFactory(db);
    const registry = new RegistryFactory(db);
    tianheSeller = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    dongguanSeller = await registry.taxpayer({ bureauCode: BUREAUS.dongguan });
    dongchengBuyer = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    const roles: Record<Officer, 'reviewer' | 'auditor' | 'admin'> = {
      national: 'admin',
      guangdong: 'auditor',
      guangzhou: 'reviewer',
      tianhe: 'reviewer',
      yuexiu: 'admin',
      shenzhen: 'auditor',
      futian: 'reviewer',
      beijing: 'auditor',
      dongcheng: 'reviewer',
    };
    for (const [who, role] of Object.entries(roles) as [Officer, 'reviewer' | 'auditor' | 'admin'][]) {
      token[who] = await officerToken(app, BUREAUS[who], role);
      username[who] = ((await get(who, '/v1/users/me').expect(200)).body as { username: string }).username;
    }
  });

  afterAll(() => app?.close());

  describe('routing: inbox of the seller’s district, outbox of the buyer’s', () => {
    let toTianhe: { id: string; finding: FindingFixture };
    let fromTianhe: string;

    beforeAll(async () => {
      toTianhe = await requestOf(P.routing, 30);
      // The other way round: a Dongcheng seller, a Tianhe buyer.
      const finding = await findings.finding({
        period: P.routing,
        seller: dongchengBuyer,
        buyer: tianheSeller,
      });
      fromTianhe = await findings.assistRequest(finding, { dueAt: daysFromNow(30) });
    });

    it('the seller’s district has it in its inbox, with the finding; the buyer’s in its outbox', async () => {
      const inbox = await list('tianhe', { box: 'inbox', period: P.routing });
      expect(inbox.items.map((i) => i.id)).toEqual([toTianhe.id]);
      expect(inbox.nextCursor).toBeNull();
      const [item] = inbox.items;
      expect(item).toMatchObject({
        findingId: toTianhe.finding.id,
        period: P.routing,
        fromBureauCode: BUREAUS.dongcheng,
        toBureauCode: BUREAUS.tianhe,
        assignedBureauCode: BUREAUS.tianhe,
        escalationLevel: 0,
        status: 'open',
        overdue: false,
        reply: null,
        finding: {
          category: 'OVERSTATED_CLAIM',
          invoiceCode: toTianhe.finding.invoiceCode,
          invoiceNumber: toTianhe.finding.invoiceNumber,
          sellerTaxId: tianheSeller.taxId,
          buyerTaxId: dongchengBuyer.taxId,
          taxAtRisk: '20.00',
        },
      });
      expect(Date.parse(item.dueAt) - Date.parse(item.openedAt)).toBeGreaterThan(29 * DAY);

      expect(await idsIn('dongcheng', { box: 'outbox', period: P.routing })).toEqual([toTianhe.id]);
      expect(await idsIn('dongcheng', { box: 'inbox', period: P.routing })).toEqual([fromTianhe]);
      expect(await idsIn('tianhe', { box: 'outbox', period: P.routing })).toEqual([fromTianhe]);
      // inbox is the default box.
      expect(await idsIn('tianhe', { period: P.routing })).toEqual([toTianhe.id]);
    });

    it('the parents of either end see it, but it is in nobody else’s box before it is due', async () => {
      for (const who of ['guangzhou', 'guangdong', 'national', 'beijing'] as const) {
        expect(await idsIn(who, { box: 'inbox', period: P.routing })).toEqual([]);
        expect(await idsIn(who, { box: 'outbox', period: P.routing })).toEqual([]);
        const one = (await get(who, `/v1/assist-requests/${toTianhe.id}`).expect(200)).body as AssistBody;
        expect(one).toMatchObject({ id: toTianhe.id, assignedBureauCode: BUREAUS.tianhe });
      }
    });

    it.each(['yuexiu', 'futian', 'shenzhen'] as const)(
      'the sibling or cousin bureau %s is answered 404, for a read and for a reply, and nothing is written',
      async (who) => {
        const read = await get(who, `/v1/assist-requests/${toTianhe.id}`).expect(404);
        expect(read.body.code).toBe('ASSIST_REQUEST_NOT_FOUND');
        const answer = await reply(who, toTianhe.id, genuine).expect(404);
        expect(answer.body.code).toBe('ASSIST_REQUEST_NOT_FOUND');
        expect(await idsIn(who, { box: 'inbox', period: P.routing })).toEqual([]);
        expect(await repliesTo(toTianhe.id)).toBe(0);
      },
    );

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = randomUUID();
      expect((await get('national', `/v1/assist-requests/${unknown}`).expect(404)).body.code).toBe(
        'ASSIST_REQUEST_NOT_FOUND',
      );
      expect((await reply('national', unknown, genuine).expect(404)).body.code).toBe(
        'ASSIST_REQUEST_NOT_FOUND',
      );
      expect((await get('tianhe', '/v1/assist-requests/not-a-uuid').expect(400)).body.code).toBe(
        'ASSIST_REQUEST_ID_INVALID',
      );
      expect((await reply('tianhe', '1234', genuine).expect(400)).body.code).toBe(
        'ASSIST_REQUEST_ID_INVALID',
      );
    });

    it('needs a bearer token', async () => {
      await request(server()).get('/v1/assist-requests').expect(401);
      await request(server()).post(`/v1/assist-requests/${toTianhe.id}/reply`).send(genuine).expect(401);
    });
  });

  describe('escalation of overdue requests (ASSIST_ESCALATION_DAYS = 15)', () => {
    const r = {} as Record<
      'overdue1' | 'overdue16' | 'overdue40' | 'overdue400' | 'dongguan1' | 'dongguan16',
      string
    >;

    beforeAll(async () => {
      r.overdue1 = (await requestOf(P.escalation, -1)).id;
      r.overdue16 = (await requestOf(P.escalation, -16)).id;
      r.overdue40 = (await requestOf(P.escalation, -40)).id;
      r.overdue400 = (await requestOf(P.escalation, -400)).id;
      r.dongguan1 = (await requestOf(P.escalation, -1, dongguanSeller)).id;
      r.dongguan16 = (await requestOf(P.escalation, -16, dongguanSeller)).id;
    });

    const inbox = (who: Officer) => list(who, { box: 'inbox', period: P.escalation });

    it('a day overdue, it leaves the district for the city', async () => {
      expect(await idsIn('tianhe', { box: 'inbox', period: P.escalation })).toEqual([]);
      const city = await inbox('guangzhou');
      expect(city.items.map((i) => i.id)).toEqual([r.overdue1]);
      expect(city.items[0]).toMatchObject({
        toBureauCode: BUREAUS.tianhe,
        assignedBureauCode: BUREAUS.guangzhou,
        escalationLevel: 1,
        status: 'open',
        overdue: true,
      });
    });

    it('16 days overdue it is with the province; a city without districts reaches the province after a day', async () => {
      const province = await inbox('guangdong');
      expect(province.items.map((i) => i.id).sort()).toEqual(sorted(r.overdue16, r.dongguan1));
      const byId = new Map(province.items.map((i) => [i.id, i]));
      expect(byId.get(r.overdue16)).toMatchObject({
        assignedBureauCode: BUREAUS.guangdong,
        escalationLevel: 2,
      });
      expect(byId.get(r.dongguan1)).toMatchObject({
        toBureauCode: BUREAUS.dongguan,
        assignedBureauCode: BUREAUS.guangdong,
        escalationLevel: 1,
      });
    });

    it('stops at the national tier: 3 tiers above a district, 2 above a city', async () => {
      const national = await inbox('national');
      expect(national.items.map((i) => i.id).sort()).toEqual(sorted(r.overdue40, r.overdue400, r.dongguan16));
      const levels = Object.fromEntries(national.items.map((i) => [i.id, i.escalationLevel]));
      expect(levels).toEqual({ [r.overdue40]: 3, [r.overdue400]: 3, [r.dongguan16]: 2 });
      expect(national.items.every((i) => i.assignedBureauCode === BUREAUS.national)).toBe(true);
    });

    it('the requesting side is not escalated to, and sees where its requests are', async () => {
      for (const who of ['dongcheng', 'beijing'] as const) {
        expect(await idsIn(who, { box: 'inbox', period: P.escalation })).toEqual([]);
      }
      const outbox = await list('dongcheng', { box: 'outbox', period: P.escalation });
      expect(Object.fromEntries(outbox.items.map((i) => [i.id, i.assignedBureauCode]))).toEqual({
        [r.overdue1]: BUREAUS.guangzhou,
        [r.overdue16]: BUREAUS.guangdong,
        [r.overdue40]: BUREAUS.national,
        [r.overdue400]: BUREAUS.national,
        [r.dongguan1]: BUREAUS.guangdong,
        [r.dongguan16]: BUREAUS.national,
      });
      expect(outbox.items.map((i) => i.id)).toEqual(byDue(outbox.items).map((i) => i.id));
      expect(outbox.items[0].id).toBe(r.overdue400);
    });

    it('the SQL and assistEscalationLevel of @app/domain agree at every boundary', async () => {
      const repository = app.get(AssistRequestsRepository);
      const [{ dueAt }] = await db.query<{ dueAt: Date }[]>(
        `SELECT due_at AS "dueAt" FROM audit.assist_requests WHERE id = $1`,
        [r.overdue1],
      );
      const [{ dueAt: dongguanDueAt }] = await db.query<{ dueAt: Date }[]>(
        `SELECT due_at AS "dueAt" FROM audit.assist_requests WHERE id = $1`,
        [r.dongguan1],
      );
      const cases: [id: string, due: Date, chain: string[]][] = [
        [r.overdue1, dueAt, [BUREAUS.tianhe, BUREAUS.guangzhou, BUREAUS.guangdong, BUREAUS.national]],
        [r.dongguan1, dongguanDueAt, [BUREAUS.dongguan, BUREAUS.guangdong, BUREAUS.national]],
      ];
      const offsets = [-DAY, -1, 0, 1, DAY, 7 * DAY - 1, 7 * DAY, 15 * DAY - 1, 15 * DAY, 30 * DAY - 1];
      offsets.push(30 * DAY, 45 * DAY, 1000 * DAY);
      for (const escalationDays of [15, 7]) {
        for (const [id, due, chain] of cases) {
          for (const offset of offsets) {
            const now = new Date(due.getTime() + offset);
            const row = await inJurisdiction(db, '1', (m) =>
              repository.find(m, id, '1', { now, escalationDays }),
            );
            const expected = assistEscalationLevel({
              dueAt: due,
              now,
              escalationDays,
              tiersAbove: chain.length - 1,
              answered: false,
            });
            expect({
              escalationDays,
              offset,
              level: row?.escalationLevel,
              assigned: row?.assignedBureauCode,
            }).toEqual({
              escalationDays,
              offset,
              level: expected,
              assigned: chain[expected],
            });
            expect(row?.overdue).toBe(offset > 0);
          }
        }
      }
    });
  });

  describe('replies', () => {
    it('the addressed district answers; the request is answered in the requester’s outbox', async () => {
      const { id } = await requestOf(P.replies, 30);
      const res = await reply('tianhe', id, genuine).expect(201);
      const body = res.body as AssistBody;
      expect(body).toMatchObject({
        id,
        status: 'answered',
        overdue: false,
        escalationLevel: 0,
        assignedBureauCode: BUREAUS.tianhe,
        reply: {
          conclusion: 'genuine',
          evidenceNote: genuine.evidenceNote,
          repliedBy: username.tianhe,
          repliedByBureau: BUREAUS.tianhe,
        },
      });
      expect(Date.parse(body.reply!.repliedAt)).not.toBeNaN();

      const outbox = await list('dongcheng', { box: 'outbox', period: P.replies, status: 'answered' });
      expect(outbox.items.find((i) => i.id === id)?.reply).toEqual(body.reply);
      expect((await get('beijing', `/v1/assist-requests/${id}`).expect(200)).body).toEqual(body);

      // The first reply is final, whoever tries next.
      for (const who of ['tianhe', 'guangzhou', 'national'] as const) {
        const again = await reply(who, id, { conclusion: 'false', evidenceNote: '再查' }).expect(409);
        expect(again.body.code).toBe('ASSIST_ALREADY_ANSWERED');
      }
      expect(await repliesTo(id)).toBe(1);
    });

    it('the bureau it escalated to answers, and the request goes back to the addressed district, answered', async () => {
      const { id } = await requestOf(P.replies, -1);
      const before = (await get('guangzhou', `/v1/assist-requests/${id}`).expect(200)).body as AssistBody;
      expect(before).toMatchObject({
        assignedBureauCode: BUREAUS.guangzhou,
        escalationLevel: 1,
        overdue: true,
      });
      const body = (
        await reply('guangzhou', id, { conclusion: 'false', evidenceNote: '销方无此笔交易' }).expect(201)
      ).body as AssistBody;
      expect(body).toMatchObject({
        status: 'answered',
        overdue: false,
        escalationLevel: 0,
        assignedBureauCode: BUREAUS.tianhe,
        reply: { conclusion: 'false', repliedBy: username.guangzhou, repliedByBureau: BUREAUS.guangzhou },
      });
      expect(await idsIn('guangzhou', { box: 'inbox', period: P.replies })).not.toContain(id);
      expect(await idsIn('tianhe', { box: 'inbox', period: P.replies, status: 'answered' })).toContain(id);
    });

    it('the addressed district may still answer a request escalated above it', async () => {
      const { id } = await requestOf(P.replies, -20);
      const body = (
        await reply('tianhe', id, { conclusion: 'undetermined', evidenceNote: '企业已走逃' }).expect(201)
      ).body as AssistBody;
      expect(body.reply).toMatchObject({ conclusion: 'undetermined', repliedByBureau: BUREAUS.tianhe });
    });

    it.each(['dongcheng', 'beijing'] as const)(
      'the requesting side (%s) sees the request but may not answer it: 422',
      async (who) => {
        const { id } = await requestOf(P.replies, 30);
        await get(who, `/v1/assist-requests/${id}`).expect(200);
        const res = await reply(who, id, genuine).expect(422);
        expect(res.body).toMatchObject({
          code: 'ASSIST_NOT_ADDRESSED_TO_YOU',
          details: { toBureauCode: BUREAUS.tianhe },
        });
        expect(await repliesTo(id)).toBe(0);
      },
    );

    it.each([
      ['a conclusion that is not one of the three', { conclusion: 'maybe', evidenceNote: 'x' }],
      ['no conclusion', { evidenceNote: 'x' }],
      ['an empty evidence note', { conclusion: 'genuine', evidenceNote: '' }],
      ['an evidence note of 4001 characters', { conclusion: 'genuine', evidenceNote: '证'.repeat(4001) }],
      ['no evidence note', { conclusion: 'genuine' }],
      ['an evidence note that is not a string', { conclusion: 'genuine', evidenceNote: 42 }],
    ])('refuses %s with 400 VALIDATION_FAILED and writes nothing', async (_case, body) => {
      const { id } = await requestOf(P.replies, 30);
      const res = await reply('tianhe', id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await repliesTo(id)).toBe(0);
    });

    it('refuses an evidence note with NUL by the text rule of every API (400 TEXT_INVALID), writing nothing', async () => {
      const { id } = await requestOf(P.replies, 30);
      const res = await reply('tianhe', id, { conclusion: 'genuine', evidenceNote: 'a\u0000b' }).expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { field: 'evidenceNote' } });
      expect(await repliesTo(id)).toBe(0);
    });

    it('refuses an unknown field with 400 UNKNOWN_FIELD', async () => {
      const { id } = await requestOf(P.replies, 30);
      const res = await reply('tianhe', id, { ...genuine, repliedByBureau: BUREAUS.national }).expect(400);
      expect(res.body.code).toBe('UNKNOWN_FIELD');
      expect(await repliesTo(id)).toBe(0);
    });

    it('takes an evidence note of exactly 4000 characters, counted as Postgres counts them', async () => {
      const { id } = await requestOf(P.replies, 30);
      const note = '😀'.repeat(4000); // 8000 UTF-16 units, 4000 characters
      const body = (await reply('tianhe', id, { conclusion: 'genuine', evidenceNote: note }).expect(201))
        .body as AssistBody;
      expect(body.reply?.evidenceNote).toBe(note);
    });

    it('replays a retried reply with the same Idempotency-Key instead of refusing it', async () => {
      const { id } = await requestOf(P.replies, 30);
      const key = `assist-${randomUUID()}`;
      const first = await reply('tianhe', id, genuine, { 'Idempotency-Key': key }).expect(201);
      const retry = await reply('tianhe', id, genuine, { 'Idempotency-Key': key }).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      await reply('tianhe', id, genuine).expect(409);
      expect(await repliesTo(id)).toBe(1);
    });

    it('two replies racing: one is recorded, the other is told 409', async () => {
      const { id } = await requestOf(P.replies, 30);
      const results = await Promise.all([
        reply('tianhe', id, genuine),
        reply('guangzhou', id, { conclusion: 'false', evidenceNote: '并发' }),
      ]);
      expect(results.map((res) => res.status).sort()).toEqual([201, 409]);
      expect(await repliesTo(id)).toBe(1);
    });
  });

  describe('status filters', () => {
    const r = {} as Record<'open' | 'overdue' | 'answered' | 'answeredLate', string>;

    beforeAll(async () => {
      r.open = (await requestOf(P.statuses, 20)).id;
      r.overdue = (await requestOf(P.statuses, -2)).id;
      r.answered = (await requestOf(P.statuses, 21)).id;
      r.answeredLate = (await requestOf(P.statuses, -20)).id;
      await reply('tianhe', r.answered, genuine).expect(201);
      await reply('guangdong', r.answeredLate, genuine).expect(201);
    });

    const ids = (who: Officer, box: string, status?: string) =>
      idsIn(who, { box, period: P.statuses, ...(status ? { status } : {}) });

    it('outbox: open (overdue included), answered, overdue, or all', async () => {
      expect(await ids('dongcheng', 'outbox')).toEqual(sorted(...Object.values(r)));
      expect(await ids('dongcheng', 'outbox', 'open')).toEqual(sorted(r.open, r.overdue));
      expect(await ids('dongcheng', 'outbox', 'answered')).toEqual(sorted(r.answered, r.answeredLate));
      expect(await ids('dongcheng', 'outbox', 'overdue')).toEqual([r.overdue]);
    });

    it('inbox: an answered request is back with the addressed district, an overdue one with the city', async () => {
      expect(await ids('tianhe', 'inbox')).toEqual(sorted(r.open, r.answered, r.answeredLate));
      expect(await ids('tianhe', 'inbox', 'open')).toEqual([r.open]);
      expect(await ids('tianhe', 'inbox', 'answered')).toEqual(sorted(r.answered, r.answeredLate));
      expect(await ids('tianhe', 'inbox', 'overdue')).toEqual([]);
      expect(await ids('guangzhou', 'inbox', 'overdue')).toEqual([r.overdue]);
      expect(await ids('guangzhou', 'inbox', 'answered')).toEqual([]);
      const [overdue] = (await list('guangzhou', { period: P.statuses })).items;
      expect(overdue).toMatchObject({ id: r.overdue, status: 'open', overdue: true });
    });

    it.each([
      [{ status: 'closed' }, 'VALIDATION_FAILED'],
      [{ box: 'trash' }, 'VALIDATION_FAILED'],
      [{ period: '2013-13' }, 'PERIOD_INVALID'],
      [{ limit: 0 }, 'VALIDATION_FAILED'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'CURSOR_INVALID'],
      [{ bureauCode: BUREAUS.national }, 'UNKNOWN_FIELD'],
    ])('refuses the query %j with 400 %s', async (query, code) => {
      const res = await get('tianhe', '/v1/assist-requests').query(query).expect(400);
      expect(res.body.code).toBe(code);
    });
  });

  it('documents the routes and their bodies in OpenAPI', async () => {
    const spec = (await request(server()).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const replyOp = spec.paths['/v1/assist-requests/{id}/reply'].post;
    expect(replyOp.tags).toEqual(['assist-requests']);
    expect(replyOp.responses['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AssistRequestDto' } } },
    });
    expect(spec.paths['/v1/assist-requests'].get.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AssistRequestPageDto' } } },
    });
    expect(Object.keys(spec.components.schemas.AssistRequestDto.properties)).toEqual(
      expect.arrayContaining(['assignedBureauCode', 'escalationLevel', 'overdue', 'finding', 'reply']),
    );
    expect(Object.keys(spec.components.schemas.ReplyToAssistRequestDto.properties).sort()).toEqual([
      'conclusion',
      'evidenceNote',
    ]);
  });

  describe('pagination', () => {
    const made: { id: string; dueAt: string }[] = [];

    beforeAll(async () => {
      // Two share a due date: the id breaks the tie.
      for (const days of [12, 10, 14, 11, 11, 16, 13]) {
        const { id } = await requestOf(P.pages, days);
        const [{ dueAt }] = await db.query<{ dueAt: Date }[]>(
          `SELECT due_at AS "dueAt" FROM audit.assist_requests WHERE id = $1`,
          [id],
        );
        made.push({ id, dueAt: dueAt.toISOString() });
      }
      const [first, , , , fifth] = made;
      await db.query(`UPDATE audit.assist_requests SET due_at = $1 WHERE id = $2`, [first.dueAt, fifth.id]);
      fifth.dueAt = first.dueAt;
    });

    it.each([
      ['tianhe', 'inbox'],
      ['dongcheng', 'outbox'],
    ] as const)(
      'walks the %s %s with a small limit: every request once, oldest due first',
      async (who, box) => {
        const seen: AssistBody[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: PageBody = await list(who, {
            box,
            period: P.pages,
            limit: 3,
            ...(cursor ? { cursor } : {}),
          });
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        const expected = byDue(made).map((m) => m.id);
        expect(seen.map((i) => i.id)).toEqual(expected);
      },
    );
  });
});

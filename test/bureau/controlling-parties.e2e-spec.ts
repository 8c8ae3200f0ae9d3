import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { makeResidentId } from '@app/domain';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  login,
  newTaxId,
  officerToken,
  registerTaxpayer,
  registrationBody,
} from '@app/testing';

/**
 * Who controls a taxpayer (issue 17, docs/trade-graph.md): the legal representative, finance
 * officer, shareholders and contacts given on registration and changed by an admin, stored
 * with their history, identity numbers only as keyed digests, never returned.
 */
describe('taxpayer controlling parties', () => {
  let app: INestApplication;
  let db: DataSource;
  let national: string;
  const ZHANG = makeResidentId('11010519491231002');
  const LI = makeResidentId('44010619800101123');
  const WANG = makeResidentId('31010119900307456');
  const wrongCheck = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0');

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    national = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const body = registrationBody;
  const register = (b: object, token = national) =>
    http().post('/v1/taxpayers').set('Authorization', `Bearer ${token}`).send(b);
  const patch = (taxId: string, change: object, token = national) =>
    http().patch(`/v1/taxpayers/${taxId}`).set('Authorization', `Bearer ${token}`).send(change);
  const rows = (taxId: string) =>
    db.query<Record<string, unknown>[]>(
      `SELECT * FROM registry.taxpayer_parties WHERE tax_id = $1 ORDER BY id`,
      [taxId],
    );

  it('registers the parties, answers them with the last four characters only, and stores no number', async () => {
    const holding = await registerTaxpayer(app, national);
    const b = body({
      legalRepresentative: { name: '张三', idNumber: ZHANG },
      financeOfficer: { name: '李四', idNumber: LI },
      shareholders: [
        { name: '张三', idNumber: ZHANG, share: '0.30' },
        { name: '示例控股有限公司', taxId: holding.taxId, share: '0.70' },
      ],
      address: '广州市天河区示例路 1 号',
      phone: '+86 20-1234-5678',
      bankAccount: '6222021234567890',
    });
    const res = await register(b).expect(201);
    const parties = {
      legalRepresentative: { name: '张三', idNumberLast4: ZHANG.slice(-4) },
      financeOfficer: { name: '李四', idNumberLast4: LI.slice(-4) },
      shareholders: [
        { name: '张三', share: '0.3', idNumberLast4: ZHANG.slice(-4) },
        { name: '示例控股有限公司', share: '0.7', taxId: holding.taxId },
      ],
      address: '广州市天河区示例路 1 号',
      phone: '+86 20-1234-5678',
      bankAccountLast4: '7890',
    };
    expect(res.body.parties).toEqual(parties);
    const got = await http()
      .get(`/v1/taxpayers/${b.taxId}`)
      .set('Authorization', `Bearer ${national}`)
      .expect(200);
    expect(got.body.parties).toEqual(parties);
    for (const text of [
      JSON.stringify(res.body),
      JSON.stringify(got.body),
      JSON.stringify(await rows(b.taxId)),
    ]) {
      for (const secret of [ZHANG, LI, '6222021234567890']) expect(text).not.toContain(secret);
    }
    // the same person under two roles: one digest, all the affiliation rules need
    const digests = (await rows(b.taxId))
      .filter((r) => r.id_last4 === ZHANG.slice(-4))
      .map((r) => r.id_digest);
    expect(digests).toHaveLength(2);
    expect(new Set(digests).size).toBe(1);
  });

  it.each([
    [{ legalRepresentative: { name: '张三', idNumber: 'WRONG' } }, 'ID_NUMBER_INVALID'],
    [{ financeOfficer: { name: '李四', idNumber: 'CHECK' } }, 'ID_NUMBER_INVALID'],
    [{ shareholders: [{ name: '张三', idNumber: ZHANG, share: '1.5' }] }, 'SHARE_INVALID'],
    [{ shareholders: [{ name: '张三', idNumber: ZHANG, share: '0' }] }, 'SHARE_INVALID'],
    [
      {
        shareholders: [
          { name: '张三', idNumber: ZHANG, share: '0.6' },
          { name: '李四', idNumber: LI, share: '0.5' },
        ],
      },
      'SHARES_EXCEED_ONE',
    ],
    [
      { shareholders: [{ name: '张三', idNumber: ZHANG, taxId: newTaxId(), share: '0.5' }] },
      'SHAREHOLDER_AMBIGUOUS',
    ],
    [{ shareholders: [{ name: '无名公司', taxId: newTaxId(), share: '0.5' }] }, 'RELATED_TAXPAYER_UNKNOWN'],
    [{ phone: 'call me' }, 'PARTY_INVALID'],
  ])('refuses %j with 400 %s and writes nothing', async (parties, code) => {
    const input = JSON.parse(
      JSON.stringify(parties).replace('"WRONG"', JSON.stringify(wrongCheck)).replace('"CHECK"', '"12345"'),
    ) as object;
    const b = body(input);
    const res = await register(b).expect(400);
    expect(res.body).toMatchObject({ code });
    expect(res.body.message).not.toContain(wrongCheck);
    expect(await db.query(`SELECT 1 FROM registry.taxpayers WHERE tax_id = $1`, [b.taxId])).toEqual([]);
    expect(await rows(b.taxId)).toEqual([]);
  });

  it('keeps the history: a change closes the parties it replaces, null clears, absent leaves', async () => {
    const b = body({
      legalRepresentative: { name: '张三', idNumber: ZHANG },
      phone: '020-12345678',
    });
    await register(b).expect(201);
    const changed = await patch(b.taxId, {
      legalRepresentative: { name: '王五', idNumber: WANG },
      phone: null,
    }).expect(200);
    expect(changed.body.parties).toMatchObject({
      legalRepresentative: { name: '王五', idNumberLast4: WANG.slice(-4) },
      phone: null,
    });
    const history = await rows(b.taxId);
    expect(history.map((r) => [r.role, r.name, r.valid_to === null])).toEqual([
      ['legal_representative', '张三', false],
      ['phone', null, false],
      ['legal_representative', '王五', true],
    ]);
    // the old representative was in force until the new one took over
    expect(history[0].valid_to).toEqual(history[2].valid_from);
    // a change of something else leaves the parties as they are
    await patch(b.taxId, { industry: 'F51' }).expect(200);
    expect((await rows(b.taxId)).filter((r) => r.valid_to === null)).toHaveLength(1);
  });

  it('refuses a bad change whole: nothing of it is written', async () => {
    const b = body({ legalRepresentative: { name: '张三', idNumber: ZHANG } });
    await register(b).expect(201);
    const res = await patch(b.taxId, {
      industry: 'F51',
      shareholders: [{ name: '无名公司', taxId: newTaxId(), share: '0.5' }],
    }).expect(400);
    expect(res.body.code).toBe('RELATED_TAXPAYER_UNKNOWN');
    expect(
      (await db.query(`SELECT industry FROM registry.taxpayers WHERE tax_id = $1`, [b.taxId]))[0].industry,
    ).toBeNull();
    expect(await rows(b.taxId)).toHaveLength(1);
  });

  it('lets only an admin change them', async () => {
    const b = body();
    await register(b).expect(201);
    const reviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
    await patch(b.taxId, { phone: '020-12345678' }, reviewer).expect(403);
    expect(await rows(b.taxId)).toEqual([]);
  });
});

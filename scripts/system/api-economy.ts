import { randomBytes } from 'node:crypto';
import { makeTaxId, periodOf, TAX_ID_ALPHABET, todayIn } from '@app/domain';
import { PatientClient, newRetryStats, type RetryStats } from './patient-client';
import type { AppUrls } from './stack';

/** Tianhe district, Guangzhou: every taxpayer of such an economy is registered there. */
const DISTRICT = '14401060000';
const REGION = '4401';
/** Each seller of a process gets an invoice code of its own (the chaos suite and the soak bench start from a fresh database). */
let codesHandedOut = 0;

export interface EconomyTaxpayer {
  taxId: string;
  name: string;
  apiKey: string;
  /** Sellers only: the invoice code and first number of their one range. */
  invoiceCode?: string;
  startNumber?: number;
}

/**
 * A small economy registered through the APIs: sellers with one number range each and
 * buyers, all enrolled (service-held keys). Every chaos scenario (or soak) makes its own (`tag`), so that
 * its invariants look at its own rows only.
 */
export class ApiEconomy {
  readonly stats: RetryStats = newRetryStats();
  readonly bureau: PatientClient;
  readonly issuance: PatientClient;
  readonly collection: PatientClient;
  sellers: EconomyTaxpayer[] = [];
  buyers: EconomyTaxpayer[] = [];
  adminToken = '';

  constructor(
    readonly urls: AppUrls,
    readonly tag: string,
  ) {
    this.bureau = new PatientClient(urls.bureau, this.stats);
    this.issuance = new PatientClient(urls.issuance, this.stats);
    this.collection = new PatientClient(urls.collection, this.stats);
  }

  static async open(urls: AppUrls, tag: string, sellers: number, buyers: number): Promise<ApiEconomy> {
    const world = new ApiEconomy(urls, tag);
    world.adminToken = await world.login();
    world.sellers = await Promise.all(
      Array.from({ length: sellers }, (_, i) => world.register(`S${i}`, true)),
    );
    world.buyers = await Promise.all(
      Array.from({ length: buyers }, (_, i) => world.register(`B${i}`, false)),
    );
    return world;
  }

  async login(): Promise<string> {
    const res = await this.bureau.send<{ accessToken: string }>('/v1/auth/login', {
      body: { username: 'admin', password: 'jinshui-admin-dev' },
      idempotencyKey: `login-${randomBytes(6).toString('hex')}`,
    });
    return res.body.accessToken;
  }

  taxIds(): string[] {
    return [...this.sellers, ...this.buyers].map((t) => t.taxId);
  }

  private async register(label: string, seller: boolean): Promise<EconomyTaxpayer> {
    let organisation = '';
    for (const byte of randomBytes(9)) organisation += TAX_ID_ALPHABET[byte % TAX_ID_ALPHABET.length];
    const taxId = makeTaxId(`91${DISTRICT.slice(1, 7)}${organisation}`);
    const name = `混沌测试${this.tag}${label}有限公司`;
    const token = this.adminToken;
    const registered = await this.bureau.send<{ enrollmentToken: string }>('/v1/taxpayers', {
      token,
      body: { taxId, name, bureauCode: DISTRICT, kind: 'general', maxAmountVersion: 3 },
    });
    const taxpayer: EconomyTaxpayer = { taxId, name, apiKey: '' };
    if (seller) {
      taxpayer.invoiceCode = `${REGION}${String(++codesHandedOut).padStart(5, '0')}3`;
      taxpayer.startNumber = 1;
      await this.bureau.send(`/v1/taxpayers/${taxId}/number-ranges`, {
        token,
        idempotencyKey: `${this.tag}-range-${label}`,
        body: { invoiceCode: taxpayer.invoiceCode, startNumber: '00000001', endNumber: '00100000' },
      });
    }
    const enrolled = await this.issuance.send<{ apiKey: string }>('/v1/enrollment', {
      body: { taxId, enrollmentToken: registered.body.enrollmentToken },
    });
    taxpayer.apiKey = enrolled.body.apiKey;
    return taxpayer;
  }
}

export function beijingToday(): string {
  return todayIn('Asia/Shanghai', new Date());
}

export function currentPeriod(): string {
  return periodOf(beijingToday());
}

/** A claims CSV of `good` claims the intake accepts and `bad` rows with a malformed amount. */
export function claimsCsv(economy: ApiEconomy, good: number, bad: number, salt: number): string {
  const seller = economy.sellers[0];
  const date = beijingToday();
  // A code of the seller's region nobody issues: intake accepts such claims (the audit judges them).
  const code = `4401${String(90_000 + salt).padStart(5, '0')}3`;
  const lines = [
    'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash',
  ];
  for (let i = 1; i <= good + bad; i++) {
    const amount = i <= good ? '100.00' : '1.005';
    lines.push(`${code},${String(i).padStart(8, '0')},${date},${seller.taxId},${amount},13.00,,`);
  }
  return `${lines.join('\n')}\n`;
}

import { Client } from 'pg';
import { FINDING_CATEGORIES, type FindingCategory, makeTaxId, TAX_ID_ALPHABET } from '@app/domain';

/** The categories about one taxpayer's period (票表比对), not an invoice: one finding per taxpayer at most. */
const PER_TAXPAYER = ['UNDER_DECLARED', 'INPUT_OVERCLAIMED'] as const;
type InvoiceCategory = Exclude<FindingCategory, (typeof PER_TAXPAYER)[number]>;

/**
 * Per mille of each invoice category: roughly what a month's cross-audit finds. The risk
 * categories are few beside the pairwise ones and do not change what the review bench
 * measures (lists, filters, exports), so it leaves them out.
 */
const CATEGORY_WEIGHTS: Partial<Record<InvoiceCategory, number>> = {
  FIELD_MISMATCH: 260,
  OVERSTATED_CLAIM: 150,
  MISSING_SELLER_COPY: 150,
  FORGED: 50,
  DUPLICATE_CLAIM: 100,
  VOID_CLAIMED: 60,
  UNCLAIMED: 200,
  REVOKED_SEAL: 30,
};

export const RUN_ID = '00000000-0000-4000-8000-00000000bec0';

export interface LoadPlan {
  period: string;
  findings: number;
  districts: number;
  taxpayersPerDistrict: number;
}

export interface Loaded {
  districts: { code: string; name: string }[];
  taxpayers: number;
  insertSeconds: number;
  analyzeSeconds: number;
  tableMb: number;
}

/** A deterministic 0 ≤ x < 1 from the row number and a salt (reproducible, unlike random()). */
const unit = (salt: number): string => `((hashint4(g # ${salt}) & 2147483647) / 2147483648.0)`;

/**
 * `n` findings of one period in one INSERT … SELECT over generate_series. Seller and buyer
 * are taxpayers of the bench (`bench_tp`, k = 0..T-1) drawn by hash; ids are the series
 * (partition = id % 16, -1 for the per-taxpayer categories, as the engine writes them).
 * Every 100th row (g % 100 = 50) is a per-taxpayer finding while taxpayers last: row j = g / 100
 * is UNDER_DECLARED of taxpayer j for j < T, INPUT_OVERCLAIMED of taxpayer j - T for j < 2T.
 */
function findingsSql(taxpayers: number, firstDay: string): string {
  const invoiceCategories = FINDING_CATEGORIES.filter(
    (c): c is InvoiceCategory =>
      !(PER_TAXPAYER as readonly string[]).includes(c) &&
      CATEGORY_WEIGHTS[c as InvoiceCategory] !== undefined,
  );
  let cumulative = 0;
  const category = invoiceCategories
    .map((c) => {
      cumulative += CATEGORY_WEIGHTS[c] ?? 0;
      return `WHEN ck < ${cumulative} THEN '${c}'`;
    })
    .join(' ');
  if (cumulative !== 1000) throw new Error(`category weights add up to ${cumulative}, not 1000`);
  const [underDeclared, inputOverclaimed] = PER_TAXPAYER;
  const perTaxpayer = `g % 100 = 50 AND g / 100 < ${2 * taxpayers}`;
  return `
    INSERT INTO audit.findings
      (id, period, partition, identity, category, invoice_code, invoice_number, seller_tax_id, buyer_tax_id,
       seller_bureau_code, buyer_bureau_code, tax_at_risk, details, state, first_run_id, last_run_id,
       last_watermark, first_seen_at, last_seen_at, resolved_at)
    SELECT g, $1, CASE WHEN per_taxpayer THEN -1 ELSE g % 16 END,
           concat_ws('|', category, invoice_code, invoice_number, coalesce(seller, ''), coalesce(buyer, '')),
           category, invoice_code, invoice_number, seller, buyer, seller_bureau, buyer_bureau, tax_at_risk,
           CASE
             WHEN per_taxpayer THEN jsonb_build_object(
               'outputTax', (tax_at_risk * 3)::text, 'claimedTax', (tax_at_risk * 4)::text)
             WHEN category IN ('UNCLAIMED', 'REVOKED_SEAL') THEN jsonb_build_object('sellerCopy', copy)
             ELSE jsonb_strip_nulls(jsonb_build_object(
               'claim', jsonb_build_object('id', (g * 3)::text, 'period', $1::text, 'status', 'accepted',
                                           'issueDate', issue_date, 'sellerTaxId', seller,
                                           'amount', (tax_amount / 0.13)::numeric(18, 2)::text,
                                           'taxAmount', tax_amount::text),
               'sellerCopy', CASE WHEN category NOT IN ('MISSING_SELLER_COPY', 'FORGED') THEN copy END,
               'differingFields', CASE WHEN category = 'FIELD_MISMATCH' THEN '["amount","taxAmount"]'::jsonb
                                       WHEN category = 'OVERSTATED_CLAIM' THEN '["taxAmount"]'::jsonb END,
               'forgedBecause', CASE WHEN category = 'FORGED' THEN '["SELLER_COPY_MISSING","SEAL_INVALID"]'::jsonb END,
               'firstClaimId', CASE WHEN category = 'DUPLICATE_CLAIM' THEN (g * 3 - 1)::text END))
           END,
           CASE WHEN resolved THEN 'resolved' ELSE 'active' END,
           '${RUN_ID}', '${RUN_ID}', now(), now(), now(), CASE WHEN resolved THEN now() END
      FROM (SELECT *,
                   jsonb_build_object('issueDate', issue_date, 'sellerTaxId', seller, 'buyerTaxId', buyer,
                                      'amount', (tax_amount / 0.13)::numeric(18, 2)::text,
                                      'taxAmount', tax_amount::text) AS copy
              FROM (SELECT g, category, per_taxpayer, resolved, issue_date,
                           CASE WHEN per_taxpayer THEN NULL ELSE '0440019' || lpad((g / 100000000)::text, 5, '0') END
                             AS invoice_code,
                           CASE WHEN per_taxpayer THEN NULL ELSE lpad((g % 100000000)::text, 8, '0') END
                             AS invoice_number,
                           CASE WHEN category = 'INPUT_OVERCLAIMED' THEN NULL ELSE st.tax_id END AS seller,
                           CASE WHEN category = 'UNDER_DECLARED' THEN NULL ELSE bt.tax_id END AS buyer,
                           CASE WHEN category = 'INPUT_OVERCLAIMED' THEN NULL ELSE st.bureau_code END AS seller_bureau,
                           CASE WHEN category = 'UNDER_DECLARED' THEN NULL ELSE bt.bureau_code END AS buyer_bureau,
                           CASE WHEN category = 'UNCLAIMED' THEN 0 ELSE tax_amount END AS tax_at_risk,
                           tax_amount
                      FROM (SELECT g, category, per_taxpayer,
                                   (hashint4(g # 13) & 2147483647) % 20 = 0 AS resolved,
                                   (date '${firstDay}' + (g % 28))::text AS issue_date,
                                   -- 10 yuan to 1,000,000 yuan, log-uniform: many distinct values
                                   round((10 ^ (1 + 5 * ${unit(7)}))::numeric, 2) AS tax_amount,
                                   CASE WHEN per_taxpayer THEN (g / 100) % ${taxpayers}
                                        ELSE (hashint4(g) & 2147483647) % ${taxpayers} END AS sk,
                                   CASE WHEN per_taxpayer THEN (g / 100) % ${taxpayers}
                                        ELSE (hashint4(g # 1431655765) & 2147483647) % ${taxpayers} END AS bk
                              FROM (SELECT g, ${perTaxpayer} AS per_taxpayer,
                                           CASE WHEN ${perTaxpayer} AND g / 100 < ${taxpayers} THEN '${underDeclared}'
                                                WHEN ${perTaxpayer} THEN '${inputOverclaimed}'
                                                ${category} END AS category
                                      FROM (SELECT g, (hashint4(g # 99991) & 2147483647) % 1000 AS ck
                                              FROM generate_series(1, $2::int) g) c) c2) s
                      JOIN bench_tp st ON st.k = s.sk
                      JOIN bench_tp bt ON bt.k = s.bk) t) u`;
}

/** A tax ID body of the alphabet: 91 (enterprise), the district's division code, 9 characters from `k`. */
function taxIdOf(divisionCode: string, k: number): string {
  let org = '';
  for (let v = k; org.length < 8; v = Math.floor(v / TAX_ID_ALPHABET.length)) {
    org = TAX_ID_ALPHABET[v % TAX_ID_ALPHABET.length] + org;
  }
  return makeTaxId(`91${divisionCode}R${org}`);
}

/**
 * Picks `districts` district bureaus spread over the country (md5 order of the code), makes
 * `taxpayersPerDistrict` taxpayers in each with valid tax IDs, then the findings; then
 * VACUUM ANALYZE (the state a table is in once autovacuum has been by).
 */
export async function loadFindings(db: Client, plan: LoadPlan): Promise<Loaded> {
  const districts = (
    await db.query<{ code: string; name: string; division_code: string }>(
      `SELECT code, name, division_code FROM registry.bureaus
        WHERE level = 'district' AND accepts_taxpayers ORDER BY md5(code) LIMIT $1`,
      [plan.districts],
    )
  ).rows;
  const ids: string[] = [];
  const bureaus: string[] = [];
  for (const d of districts) {
    for (let i = 0; i < plan.taxpayersPerDistrict; i++) {
      ids.push(taxIdOf(d.division_code, ids.length));
      bureaus.push(d.code);
    }
  }
  await db.query(
    `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version)
     SELECT t, '压测纳税人' || ord, b, 'general', 4 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x (t, b, ord)`,
    [ids, bureaus],
  );
  await db.query(`DROP TABLE IF EXISTS bench_tp`);
  await db.query(
    `CREATE TEMP TABLE bench_tp AS
       SELECT (row_number() OVER (ORDER BY tax_id) - 1)::int AS k, tax_id, bureau_code FROM registry.taxpayers`,
  );
  await db.query(`ANALYZE bench_tp`);

  const t0 = performance.now();
  await db.query(findingsSql(ids.length, `${plan.period}-01`), [plan.period, plan.findings]);
  await db.query(`SELECT setval('audit.findings_id_seq', $1)`, [plan.findings]);
  const insertSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await db.query(`VACUUM (ANALYZE) audit.findings`);
  await db.query(`VACUUM (ANALYZE) registry.taxpayers`);
  const analyzeSeconds = (performance.now() - t1) / 1000;
  const [size] = (
    await db.query<{ mb: number }>(`SELECT pg_total_relation_size('audit.findings') / 1048576.0 AS mb`)
  ).rows;
  return {
    districts: districts.map(({ code, name }) => ({ code, name })),
    taxpayers: ids.length,
    insertSeconds,
    analyzeSeconds,
    tableMb: Number(size.mb),
  };
}

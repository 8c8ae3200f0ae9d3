import { login, type DemoContext } from '../demo-context';
import { mapPool } from '../http-client';
import { OfflineDevice } from '../offline-device';
import type { PlannedOfficer } from '../plan';

export async function createOfficers(ctx: DemoContext): Promise<PlannedOfficer[]> {
  const { plan, bureau } = ctx;
  const officers = [
    plan.officers.nationalAuditor,
    plan.officers.province,
    plan.officers.city,
    ...plan.officers.districts.values(),
  ];
  await mapPool(officers, ctx.concurrency, (o) =>
    bureau.post('/v1/users', {
      token: ctx.adminToken,
      body: { username: o.username, password: o.password, bureauCode: o.bureauCode, role: o.role },
    }),
  );
  await mapPool([...plan.officers.districts.values()], ctx.concurrency, async (o) =>
    ctx.tokens.set(o.bureauCode, await login(bureau, o.username, o.password)),
  );
  ctx.step(
    `${officers.length} officers created (national auditor, Guangdong, Guangzhou, ${plan.officers.districts.size} districts)`,
  );
  return officers;
}

export async function registerTaxpayers(ctx: DemoContext): Promise<string[]> {
  const { plan, bureau } = ctx;
  const tp = plan.taxpayers;
  const enrollmentTokens = new Array<string>(tp.length);
  await mapPool(tp, ctx.concurrency, async (t) => {
    const token = ctx.tokens.get(t.bureauCode)!;
    const res = await bureau.post<{ enrollmentToken: string }>('/v1/taxpayers', {
      token,
      body: {
        taxId: t.taxId,
        name: t.name,
        bureauCode: t.bureauCode,
        kind: t.kind,
        industry: t.industry,
        maxAmountVersion: t.maxAmountVersion,
      },
    });
    enrollmentTokens[t.index] = res.body.enrollmentToken;
  });
  await mapPool(plan.ranges, ctx.concurrency, (r) =>
    bureau.post(`/v1/taxpayers/${tp[r.seller].taxId}/number-ranges`, {
      token: ctx.tokens.get(tp[r.seller].bureauCode)!,
      idempotencyKey: `${plan.tag}-range-${r.seller}`,
      body: {
        invoiceCode: r.invoiceCode,
        startNumber: String(r.start).padStart(8, '0'),
        endNumber: String(r.end).padStart(8, '0'),
      },
    }),
  );
  const sections = new Set(tp.map((t) => t.industry[0]));
  ctx.step(
    `${tp.length} taxpayers registered (${tp.filter((t) => t.kind === 'small_scale').length} small-scale; ` +
      `industries in GB/T 4754 sections ${[...sections].sort().join(' ')}), ${plan.ranges.length} number ranges allocated`,
  );
  return enrollmentTokens;
}

export async function enrollTaxpayers(ctx: DemoContext, enrollmentTokens: string[]): Promise<void> {
  const tp = ctx.plan.taxpayers;
  const devices = ctx.devices;
  for (const t of tp) if (t.offline) devices.set(t.index, new OfflineDevice(t.taxId, t.name));
  await mapPool(tp, ctx.concurrency, async (t) => {
    const device = devices.get(t.index);
    const res = await ctx.issuance.post<{ apiKey: string; serialNumber: string }>('/v1/enrollment', {
      body: {
        taxId: t.taxId,
        enrollmentToken: enrollmentTokens[t.index],
        ...(device ? { csr: device.csrPem } : {}),
      },
    });
    ctx.apiKeys[t.index] = res.body.apiKey;
    ctx.serials[t.index] = res.body.serialNumber;
    if (device) device.certificateSerial = res.body.serialNumber;
  });
  ctx.step(`${tp.length} taxpayers enrolled (${devices.size} offline devices with their own key and CSR)`);
}

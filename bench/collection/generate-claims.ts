import { createPrivateKey, KeyObject } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { signSeal, sealPayloadOf } from '@app/pki';

export interface BenchSeller {
  taxId: string;
  privateKeyPem: string;
}

/**
 * Writes a claims CSV of `rows` distinct invoices of `sellers` to `buyer`, dated `issueDate`.
 * With seals, each row carries a real RSA seal over its fields (contentHash is synthetic:
 * the seal covers it, which is all intake checks); signing is the slow part of making
 * the file, so callers split the work over processes with `fromRow`/`toRow`.
 */
export async function writeClaimsCsv(opts: {
  path: string;
  fromRow: number;
  toRow: number;
  header: boolean;
  sellers: BenchSeller[];
  buyerTaxId: string;
  issueDate: string;
  sealed: boolean;
}): Promise<void> {
  const out = createWriteStream(opts.path);
  const keys: KeyObject[] = opts.sealed ? opts.sellers.map((s) => createPrivateKey(s.privateKeyPem)) : [];
  if (opts.header)
    out.write(
      'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash\n',
    );
  let chunk = '';
  for (let i = opts.fromRow; i <= opts.toRow; i++) {
    const s = i % opts.sellers.length;
    const invoiceCode = '4400261133';
    const invoiceNumber = String(i).padStart(8, '0');
    const yuan = 1000 + (i % 9000);
    const amount = `${yuan}.00`;
    const taxAmount = `${Math.floor((yuan * 13) / 100)}.${String((yuan * 13) % 100).padStart(2, '0')}`; // 13%, exact
    let signature = '';
    let contentHash = '';
    if (opts.sealed) {
      contentHash = (i * 2654435761).toString(16).padStart(16, '0').repeat(4).slice(0, 64);
      signature = signSeal(
        sealPayloadOf({
          invoiceCode,
          invoiceNumber,
          issueDate: opts.issueDate,
          sellerTaxId: opts.sellers[s].taxId,
          buyerTaxId: opts.buyerTaxId,
          amount,
          taxAmount,
          contentHash,
        }),
        keys[s],
      );
    }
    chunk += `${invoiceCode},${invoiceNumber},${opts.issueDate},${opts.sellers[s].taxId},${amount},${taxAmount},${signature},${contentHash}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Entry point for a child process making one slice of a sealed file. */
if (require.main === module) {
  const opts = JSON.parse(process.argv[2]) as Parameters<typeof writeClaimsCsv>[0];
  writeClaimsCsv(opts).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

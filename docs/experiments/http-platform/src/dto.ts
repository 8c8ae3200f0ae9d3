import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export const INVOICE_TYPES = ['special', 'ordinary'] as const;
export const TAX_ID_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
export const MONEY_RE = /^-?\d{1,13}(\.\d{1,2})?$/;
export const DECIMAL_RE = /^\d{1,13}(\.\d{1,8})?$/;
export const TAX_CODE_RE = /^\d{19}$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class InvoiceLineDto {
  @IsString() @MinLength(1) @MaxLength(200) description!: string;
  @IsOptional() @Matches(TAX_CODE_RE) taxCode?: string;
  @IsOptional() @IsString() @Matches(DECIMAL_RE) quantity?: string;
  @IsOptional() @IsString() @Matches(DECIMAL_RE) unitPrice?: string;
  @IsString() @Matches(MONEY_RE) amount!: string;
  @IsString() @IsIn(['0.13', '0.09', '0.06', '0.03', '0.01', '0']) taxRate!: string;
  @IsOptional() @IsString() @Matches(MONEY_RE) taxAmount?: string;
}

export class IssueInvoiceDto {
  @IsIn(INVOICE_TYPES as unknown as string[]) type!: string;
  @IsString() @Matches(TAX_ID_RE) buyerTaxId!: string;
  @IsString() @MinLength(1) @MaxLength(200) buyerName!: string;
  @IsOptional() @IsString() @Matches(DATE_RE) issueDate?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => InvoiceLineDto) lines!: InvoiceLineDto[];
  @IsOptional() @IsString() @Matches(MONEY_RE) amount?: string;
  @IsOptional() @IsString() @Matches(MONEY_RE) taxAmount?: string;
  @IsOptional() @IsString() @MaxLength(200) remarks?: string;
}

const str = (extra: object = {}) => ({ type: 'string', ...extra });
export const lineSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'amount', 'taxRate'],
  properties: {
    description: str({ minLength: 1, maxLength: 200 }),
    taxCode: str({ pattern: TAX_CODE_RE.source }),
    quantity: str({ pattern: DECIMAL_RE.source }),
    unitPrice: str({ pattern: DECIMAL_RE.source }),
    amount: str({ pattern: MONEY_RE.source }),
    taxRate: { type: 'string', enum: ['0.13', '0.09', '0.06', '0.03', '0.01', '0'] },
    taxAmount: str({ pattern: MONEY_RE.source }),
  },
};
export const invoiceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'buyerTaxId', 'buyerName', 'lines'],
  properties: {
    type: { enum: [...INVOICE_TYPES] },
    buyerTaxId: str({ pattern: TAX_ID_RE.source }),
    buyerName: str({ minLength: 1, maxLength: 200 }),
    issueDate: str({ pattern: DATE_RE.source }),
    lines: { type: 'array', items: lineSchema },
    amount: str({ pattern: MONEY_RE.source }),
    taxAmount: str({ pattern: MONEY_RE.source }),
    remarks: str({ maxLength: 200 }),
  },
};

// Hand-written check used by the raw node:http floor (same rules, no library).
export function handCheck(b: any): string[] {
  const errs: string[] = [];
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return ['body must be an object'];
  const allowed = new Set(Object.keys(invoiceSchema.properties));
  for (const k of Object.keys(b)) if (!allowed.has(k)) errs.push(`property ${k} should not exist`);
  const s = (v: any, name: string, re?: RegExp, req = false, max = 1e9, min = 0) => {
    if (v === undefined) { if (req) errs.push(`${name} is required`); return; }
    if (typeof v !== 'string') { errs.push(`${name} must be a string`); return; }
    if (v.length < min || v.length > max) errs.push(`${name} has bad length`);
    if (re && !re.test(v)) errs.push(`${name} has a bad format`);
  };
  if (!INVOICE_TYPES.includes(b.type)) errs.push('type must be one of special, ordinary');
  s(b.buyerTaxId, 'buyerTaxId', TAX_ID_RE, true);
  s(b.buyerName, 'buyerName', undefined, true, 200, 1);
  s(b.issueDate, 'issueDate', DATE_RE);
  s(b.amount, 'amount', MONEY_RE);
  s(b.taxAmount, 'taxAmount', MONEY_RE);
  s(b.remarks, 'remarks', undefined, false, 200);
  if (!Array.isArray(b.lines)) errs.push('lines must be an array');
  else {
    const la = new Set(Object.keys(lineSchema.properties));
    b.lines.forEach((l: any, i: number) => {
      if (l === null || typeof l !== 'object' || Array.isArray(l)) { errs.push(`lines.${i} must be an object`); return; }
      for (const k of Object.keys(l)) if (!la.has(k)) errs.push(`lines.${i}.${k} should not exist`);
      s(l.description, `lines.${i}.description`, undefined, true, 200, 1);
      s(l.taxCode, `lines.${i}.taxCode`, TAX_CODE_RE);
      s(l.quantity, `lines.${i}.quantity`, DECIMAL_RE);
      s(l.unitPrice, `lines.${i}.unitPrice`, DECIMAL_RE);
      s(l.amount, `lines.${i}.amount`, MONEY_RE, true);
      if (!['0.13', '0.09', '0.06', '0.03', '0.01', '0'].includes(l.taxRate)) errs.push(`lines.${i}.taxRate bad`);
      s(l.taxAmount, `lines.${i}.taxAmount`, MONEY_RE);
    });
  }
  return errs;
}

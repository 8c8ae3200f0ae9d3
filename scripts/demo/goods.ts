/**
 * What the demo's taxpayers trade: goods and services with 19-digit tax classification codes
 * (商品和服务税收分类编码: 1… goods, 3… services) and their VAT rates, and an industry profile
 * (GB/T 4754-2017) per line of business saying what it sells and what it buys. The first
 * five digits of a code are its chapter, which GOODS_DIVERGENCE compares
 * (docs/risk-monitoring.md): traders (section F) buy and sell the same chapters,
 * manufacturers buy materials and sell products, service firms sell services.
 */

export interface Goods {
  description: string;
  taxCode: string;
  taxRate: string;
}

/** The chapter of a tax code: its first five digits. */
export const chapterOf = (taxCode: string): string => taxCode.slice(0, 5);

const goods = (description: string, taxCode: string, taxRate: string): Goods => ({
  description,
  taxCode,
  taxRate,
});

export const GOODS = {
  flour: goods('小麦粉', '1030101010000000000', '0.09'),
  edibleOil: goods('食用植物油', '1030201010000000000', '0.09'),
  drinks: goods('饮料', '1030701010000000000', '0.13'),
  yarn: goods('棉纱', '1040101010000000000', '0.13'),
  cloth: goods('棉布', '1040201010000000000', '0.13'),
  office: goods('办公用品', '1060201070000000000', '0.13'),
  diesel: goods('柴油', '1070101030000000000', '0.13'),
  chemicals: goods('化学原料', '1070201010000000000', '0.13'),
  paint: goods('涂料', '1070301010000000000', '0.13'),
  medicine: goods('化学药品制剂', '1070401010000000000', '0.13'),
  cosmetics: goods('化妆品', '1070602010000000000', '0.13'),
  cement: goods('水泥', '1080101010000000000', '0.13'),
  steel: goods('钢材', '1080201010000000000', '0.13'),
  machinery: goods('通用设备', '1090101010000000000', '0.13'),
  components: goods('电子元器件', '1090501010000000000', '0.13'),
  computers: goods('计算机', '1090601010000000000', '0.13'),
  freight: goods('货物运输服务', '3010102020000000000', '0.09'),
  software: goods('软件开发服务', '3040201010000000000', '0.06'),
  consulting: goods('咨询服务', '3040603000000000000', '0.06'),
  construction: goods('工程服务', '3050100000000000000', '0.09'),
} as const;

export interface IndustryProfile {
  /** The line of business in the taxpayer's name (…演示商贸3号有限公司). */
  trade: string;
  /** GB/T 4754-2017: section letter, optionally with its division or class. */
  industry: string;
  /** A trader (section F) sells what it buys; `buys` is then `sells`. */
  sells: readonly Goods[];
  buys: readonly Goods[];
}

const trader = (trade: string, industry: string, lines: Goods[]): IndustryProfile => ({
  trade,
  industry,
  sells: lines,
  buys: lines,
});
const business = (trade: string, industry: string, sells: Goods[], buys: Goods[]): IndustryProfile => ({
  trade,
  industry,
  sells,
  buys,
});

const G = GOODS;

/** The background economy's lines of business, by taxpayer index modulo 10 (index 9 is small-scale). */
export const PROFILES: readonly IndustryProfile[] = [
  trader('商贸', 'F51', [G.computers, G.components, G.office]),
  business('电子', 'C39', [G.computers, G.components], [G.components, G.chemicals, G.freight]),
  business('机械', 'C34', [G.machinery], [G.steel, G.components, G.freight]),
  business('纺织', 'C17', [G.cloth], [G.yarn, G.chemicals, G.freight]),
  trader('建材', 'F5165', [G.cement, G.steel, G.paint]),
  trader('食品', 'F52', [G.flour, G.edibleOil, G.drinks]),
  business('化工', 'C26', [G.chemicals, G.paint], [G.diesel, G.freight]),
  business('物流', 'G54', [G.freight], [G.diesel, G.machinery]),
  business('软件', 'I65', [G.software], [G.computers, G.office]),
  business('医药', 'C2710', [G.medicine], [G.chemicals, G.freight]),
];

/** The risk patterns' own lines of business (risk-plan.ts). */
export const PATTERN_PROFILES = {
  /** CAP_EDGE_ISSUANCE and the NEW_ENTITY_BURST by numbers: consultancies. */
  consultancy: business('咨询', 'L72', [G.consulting], [G.office, G.computers]),
  /** NEW_ENTITY_BURST by amount: a builder. */
  builder: business('建设', 'E48', [G.construction], [G.steel, G.cement]),
  /** GOODS_DIVERGENCE: buys steel, sells cosmetics. */
  divergentTrader: business('商贸', 'F5134', [G.cosmetics, G.steel], [G.steel]),
  /** The absconded seller (走逃): sells electronics it never bought. */
  shell: business('电子贸易', 'F5176', [G.components, G.computers], []),
  /** ABNORMAL_INPUT_SHARE: a machine maker buying mostly from the shell. */
  machineMaker: business('机械', 'C34', [G.machinery], [G.steel, G.components]),
} as const;

export const isTrader = (p: IndustryProfile): boolean => p.industry.startsWith('F');

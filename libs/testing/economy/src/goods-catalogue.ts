import type { IsoDate } from '@app/domain';
import { generalRatesOn, type RateBasisPoints } from './cents';

/**
 * What the economy's taxpayers trade, in the terms the risk stage reads: the chapters of the
 * tax classification code (税收分类编码: the first five of its 19 digits — 篇, 类, 章) and the
 * GB/T 4754-2017 industry each taxpayer is registered in. The codes look like the real table
 * (goods start with 1, services with 3) without claiming to be it.
 */

/** Which of the general rates in force a chapter is taxed at. */
type RateClass = 'standard' | 'reduced' | 'services';

export interface GoodsChapter {
  /** First five digits of every taxCode in the chapter. */
  chapter: string;
  /** 简称, printed between asterisks before the item on a real invoice line. */
  short: string;
  /** Items: the next four digits (节, 条) and the item's name. */
  items: readonly (readonly [string, string])[];
  rate: RateClass;
}

const chapters: readonly GoodsChapter[] = [
  {
    chapter: '10101',
    short: '谷物',
    items: [
      ['0101', '稻谷'],
      ['0102', '小麦'],
      ['0103', '玉米'],
    ],
    rate: 'reduced',
  },
  {
    chapter: '10201',
    short: '煤炭',
    items: [
      ['0101', '烟煤'],
      ['0102', '无烟煤'],
    ],
    rate: 'standard',
  },
  { chapter: '10202', short: '原油', items: [['0101', '原油']], rate: 'standard' },
  {
    chapter: '10203',
    short: '金属矿',
    items: [
      ['0101', '铁矿石'],
      ['0201', '铜矿石'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10301',
    short: '粮油制品',
    items: [
      ['0101', '大米'],
      ['0102', '面粉'],
      ['0301', '食用植物油'],
    ],
    rate: 'reduced',
  },
  {
    chapter: '10401',
    short: '纺织产品',
    items: [
      ['0101', '棉纱'],
      ['0201', '坯布'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10402',
    short: '服装',
    items: [
      ['0101', '男式衬衫'],
      ['0102', '女式连衣裙'],
      ['0301', '工作服'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10701',
    short: '成品油',
    items: [
      ['0101', '汽油'],
      ['0103', '柴油'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10702',
    short: '化学原料',
    items: [
      ['0101', '纯碱'],
      ['0102', '烧碱'],
      ['0301', '甘油'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10707',
    short: '化妆品',
    items: [
      ['0101', '面霜'],
      ['0102', '洗面奶'],
      ['0201', '香水'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10802',
    short: '钢材',
    items: [
      ['0101', '热轧钢板'],
      ['0102', '冷轧钢卷'],
      ['0201', '螺纹钢'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10905',
    short: '计算机',
    items: [
      ['0101', '台式计算机'],
      ['0102', '便携式计算机'],
      ['0201', '服务器'],
    ],
    rate: 'standard',
  },
  {
    chapter: '10906',
    short: '电子元件',
    items: [
      ['0101', '集成电路'],
      ['0201', '印制电路板'],
    ],
    rate: 'standard',
  },
  { chapter: '30101', short: '运输服务', items: [['0101', '陆路货物运输服务']], rate: 'reduced' },
  { chapter: '30401', short: '研发和技术服务', items: [['0101', '技术开发服务']], rate: 'services' },
  {
    chapter: '30402',
    short: '信息技术服务',
    items: [
      ['0101', '软件开发服务'],
      ['0201', '信息系统服务'],
    ],
    rate: 'services',
  },
  { chapter: '30405', short: '租赁服务', items: [['0201', '有形动产经营租赁服务']], rate: 'services' },
  {
    chapter: '30406',
    short: '鉴证咨询服务',
    items: [
      ['0101', '审计服务'],
      ['0301', '税务咨询服务'],
    ],
    rate: 'services',
  },
];

export const GOODS_CHAPTERS: ReadonlyMap<string, GoodsChapter> = new Map(chapters.map((c) => [c.chapter, c]));

/** A GB/T 4754 class and what a taxpayer registered in it sells and buys, by chapter. */
export interface IndustryProfile {
  /** As registry.taxpayers.industry: section letter and class code. */
  code: string;
  /** The trade word of a company name: 某某钢铁有限公司. */
  word: string;
  sells: readonly string[];
  buys: readonly string[];
  /** How many taxpayers of every 100 are in it. */
  weight: number;
}

/**
 * The industries of the economy, weighted to look like a trading region: about a third
 * manufacturers (raw materials in, products out), a third wholesalers and retailers (the
 * same chapters in and out), a third services, and some mining and farming upstream.
 */
export const INDUSTRY_PROFILES: readonly IndustryProfile[] = [
  { code: 'C3130', word: '钢铁', sells: ['10802'], buys: ['10203', '10201'], weight: 6 },
  { code: 'C2682', word: '日化', sells: ['10707'], buys: ['10702'], weight: 4 },
  { code: 'C3911', word: '电脑', sells: ['10905'], buys: ['10906', '10802'], weight: 4 },
  { code: 'C3982', word: '电子', sells: ['10906'], buys: ['10702'], weight: 4 },
  { code: 'C1810', word: '服饰', sells: ['10402'], buys: ['10401'], weight: 4 },
  { code: 'C1711', word: '纺织', sells: ['10401'], buys: ['10101'], weight: 3 },
  { code: 'C2614', word: '化工', sells: ['10702'], buys: ['10701'], weight: 3 },
  { code: 'C2511', word: '石化', sells: ['10701'], buys: ['10202'], weight: 2 },
  { code: 'C1310', word: '粮油', sells: ['10301'], buys: ['10101'], weight: 3 },
  { code: 'F5164', word: '金属材料', sells: ['10802', '10203'], buys: ['10802', '10203'], weight: 5 },
  { code: 'F5132', word: '服装', sells: ['10402', '10401'], buys: ['10402', '10401'], weight: 4 },
  { code: 'F5176', word: '数码', sells: ['10905', '10906'], buys: ['10905', '10906'], weight: 4 },
  { code: 'F5121', word: '粮食', sells: ['10101', '10301'], buys: ['10101', '10301'], weight: 3 },
  { code: 'F5162', word: '煤业', sells: ['10201'], buys: ['10201'], weight: 3 },
  { code: 'F5163', word: '油品', sells: ['10701'], buys: ['10701'], weight: 2 },
  { code: 'F5134', word: '化妆品', sells: ['10707'], buys: ['10707'], weight: 3 },
  {
    code: 'F5211',
    word: '百货',
    sells: ['10402', '10707', '10301'],
    buys: ['10402', '10707', '10301'],
    weight: 4,
  },
  { code: 'B0610', word: '矿业', sells: ['10201'], buys: ['10701', '30101'], weight: 2 },
  { code: 'B0810', word: '矿产', sells: ['10203'], buys: ['10701', '30405'], weight: 2 },
  { code: 'B0711', word: '油气', sells: ['10202'], buys: ['30101', '30401'], weight: 1 },
  { code: 'A0111', word: '农业', sells: ['10101'], buys: ['10702'], weight: 2 },
  { code: 'I6510', word: '软件', sells: ['30402'], buys: ['10905', '30405'], weight: 7 },
  { code: 'L7241', word: '会计', sells: ['30406'], buys: ['10905', '30402'], weight: 5 },
  { code: 'G5430', word: '物流', sells: ['30101'], buys: ['10701', '30405'], weight: 7 },
  { code: 'M7320', word: '科技', sells: ['30401'], buys: ['10702', '10905'], weight: 5 },
  { code: 'L7111', word: '租赁', sells: ['30405'], buys: ['10905', '30402'], weight: 3 },
];

const TOTAL_WEIGHT = INDUSTRY_PROFILES.reduce((sum, p) => sum + p.weight, 0);

/** The profile at `u` ∈ [0, 1) of the weighted list: a draw that keeps the mix. */
export function industryAt(u: number): IndustryProfile {
  let left = u * TOTAL_WEIGHT;
  for (const p of INDUSTRY_PROFILES) {
    left -= p.weight;
    if (left < 0) return p;
  }
  return INDUSTRY_PROFILES[INDUSTRY_PROFILES.length - 1];
}

export function industryProfile(code: string): IndustryProfile {
  const profile = INDUSTRY_PROFILES.find((p) => p.code === code);
  if (!profile) throw new RangeError(`no industry profile ${code}`);
  return profile;
}

export function goodsChapter(chapter: string): GoodsChapter {
  const found = GOODS_CHAPTERS.get(chapter);
  if (!found) throw new RangeError(`no goods chapter ${chapter}`);
  return found;
}

/** Item codes and descriptions, made once: lines are made millions of times. */
const itemCodes = new Map(
  chapters.map((c) => [c, c.items.map(([digits]) => `${c.chapter}${digits}0000000000`)]),
);
const itemNames = new Map(chapters.map((c) => [c, c.items.map(([, name]) => `*${c.short}*${name}`)]));

/** The 19-digit taxCode of item `item` of `chapter`: chapter, item digits, ten zeros. */
export function taxCodeOf(chapter: GoodsChapter, item: number): string {
  const codes = itemCodes.get(chapter)!;
  return codes[item % codes.length];
}

/** The line description of item `item`, as printed: *简称*品名. */
export function descriptionOf(chapter: GoodsChapter, item: number): string {
  const names = itemNames.get(chapter)!;
  return names[item % names.length];
}

/** Per date: the standard rate, the lower goods rate and the services rate, worked out once. */
const ratesByDate = new Map<IsoDate, Readonly<Record<RateClass, RateBasisPoints>>>();

/** The rate a chapter is taxed at on `date`: the standard rate, the lower goods rate, or 6 %. */
export function chapterRate(chapter: GoodsChapter, date: IsoDate): RateBasisPoints {
  let rates = ratesByDate.get(date);
  if (rates === undefined) {
    const inForce = [...generalRatesOn(date)].sort((a, b) => b - a);
    rates = { standard: inForce[0], reduced: inForce[1], services: inForce[inForce.length - 1] };
    ratesByDate.set(date, rates);
  }
  return rates[chapter.rate];
}

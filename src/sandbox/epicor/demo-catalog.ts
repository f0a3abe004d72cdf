import type { SimCustomerInput, SimPartInput, SimSeed, SimWarehouseQtyInput } from './types';

/**
 * A plausible small distributor catalog for the demo and benchmarks. Deterministic (seeded), so a
 * demo run and a benchmark see the same data: prices are 2-decimal strings, about one part in ten
 * is InActive and one in eight is not a WebPart, stock sits in MAIN and EAST, one customer is on
 * credit hold and `WEBGUEST` takes guest web orders.
 */
export function demoCatalog(opts: { parts?: number; customers?: number; seed?: number } = {}): Required<SimSeed> {
  const rand = mulberry32(opts.seed ?? 7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

  const parts: SimPartInput[] = [];
  const warehouses: SimWarehouseQtyInput[] = [];
  const used = new Set<string>();
  for (let i = 0; parts.length < (opts.parts ?? 60); i++) {
    const [family, prefix, low, high] = pick(FAMILIES);
    const variant = pick(VARIANTS[family]);
    const partNum = `${prefix}-${String(100 + i * 7).padStart(4, '0')}`;
    if (used.has(partNum)) continue;
    used.add(partNum);
    const price = (low + rand() * (high - low)).toFixed(2);
    parts.push({
      partNum,
      description: `${family}, ${variant}`,
      unitPrice: price,
      salesUM: family === 'Cable' ? 'M' : family === 'Fastener pack' ? 'PK' : 'EA',
      inActive: rand() < 0.1,
      webPart: rand() >= 0.125,
    });
    warehouses.push({ partNum, warehouseCode: 'MAIN', onHandQty: Math.floor(rand() * 250) });
    warehouses.push({ partNum, warehouseCode: 'EAST', onHandQty: rand() < 0.3 ? 0 : Math.floor(rand() * 60) });
  }

  const customers: SimCustomerInput[] = [
    // Guests ship anywhere: the web customer allows one-time ship-to addresses.
    { custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', city: 'Minneapolis', state: 'MN', zip: '55401', country: 'USA', countryNum: 1, allowOts: true, checkDuplicatePO: true },
  ];
  const count = opts.customers ?? 12;
  for (let i = 1; customers.length < count; i++) {
    const company = pick(COMPANY_WORDS) + ' ' + pick(COMPANY_SUFFIXES);
    const [city, state, zip] = pick(CITIES);
    const slug = company.toLowerCase().replace(/[^a-z]+/g, '');
    customers.push({
      custId: `C${String(1000 + i)}`,
      name: company,
      email: `purchasing@${slug}.example`,
      address1: `${100 + Math.floor(rand() * 9800)} ${pick(STREETS)}`,
      city,
      state,
      zip,
      country: 'USA',
      countryNum: 1,
      // Most demo accounts let their buyers ship elsewhere; every fourth ships only to its own addresses.
      allowOts: i % 4 !== 0,
      phone: `555-${String(Math.floor(rand() * 10000)).padStart(4, '0')}`,
      termsCode: pick(['NET30', 'NET30', 'NET15', 'CC']),
      creditHold: i === 3,
      checkDuplicatePO: rand() < 0.7,
    });
  }
  return { parts, customers, warehouses };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    let t = (a = (a + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILIES = [
  ['Hex bolt', 'HB', 0.4, 3.5],
  ['Fastener pack', 'FP', 4, 24],
  ['Ball bearing', 'BB', 3, 45],
  ['Hose clamp', 'HC', 0.9, 6],
  ['Cable', 'CB', 0.8, 9],
  ['Safety glove', 'SG', 5, 28],
  ['LED work light', 'WL', 19, 140],
  ['Storage bin', 'SB', 6, 35],
  ['Cordless drill', 'CD', 59, 289],
  ['Mop bucket', 'MB', 14, 60],
  ['Paint brush', 'PB', 2, 18],
  ['Extension cord', 'EC', 9, 55],
] as const;

const VARIANTS: Record<string, string[]> = {
  'Hex bolt': ['M6 x 30 zinc', 'M8 x 40 stainless', 'M10 x 60 galvanized', '1/4-20 x 1in grade 5'],
  'Fastener pack': ['assorted screws 200pc', 'wall anchors 50pc', 'nylon lock nuts 100pc'],
  'Ball bearing': ['6201-2RS', '6204 open', '608ZZ skate', '6305-2Z'],
  'Hose clamp': ['12-22mm', '20-32mm', 'worm gear 2in'],
  Cable: ['2-core 1.5mm2', '3-core 2.5mm2', 'Cat6 outdoor'],
  'Safety glove': ['nitrile, size L', 'cut-resistant, size M', 'leather rigger'],
  'LED work light': ['20W rechargeable', '50W tripod', 'magnetic pen light'],
  'Storage bin': ['stackable 10L', 'heavy duty 40L', 'parts organizer 24 drawer'],
  'Cordless drill': ['18V brushless', '12V compact', 'hammer 20V kit'],
  'Mop bucket': ['with wringer 20L', 'commercial 35L'],
  'Paint brush': ['angled 2in', 'flat 4in', 'set of 5'],
  'Extension cord': ['10m indoor', '25m outdoor', 'reel 50m'],
};

const COMPANY_WORDS = ['Northwind', 'Bluestone', 'Prairie', 'Summit', 'Harbor', 'Ironwood', 'Maple', 'Redline', 'Keystone', 'Lakeside', 'Granite', 'Cedar'];
const COMPANY_SUFFIXES = ['Supply Co', 'Maintenance LLC', 'Builders Inc', 'Facilities', 'Hardware', 'Industrial'];
const STREETS = ['Main St', 'Industrial Pkwy', 'Commerce Dr', 'Oak Ave', 'Harbor Rd', 'Mill St'];
const CITIES: [string, string, string][] = [
  ['Springfield', 'OH', '45501'],
  ['Madison', 'WI', '53703'],
  ['Fargo', 'ND', '58102'],
  ['Dayton', 'OH', '45402'],
  ['Boise', 'ID', '83702'],
  ['Tulsa', 'OK', '74103'],
  ['Duluth', 'MN', '55802'],
];

import type { Hono } from 'hono';
import { CallLog } from '../shared/calls';
import { Faults, type FaultRule } from '../shared/faults';
import { serve } from '../shared/serve';
import { adminRoutes } from './admin';
import { buildApp } from './app';
import { Tokens } from './auth';
import { type Dec, decAdd, decNeg, plain } from './decimal';
import { ship as shipUnits, shippedOf } from './order-releases';
import type { Row } from './schema';
import type { SimBehaviour } from './service';
import { Store } from './store';
import type {
  SimCredit,
  SimCustomerInput,
  SimOrder,
  SimPartInput,
  SimSeed,
  SimWarehouseQtyInput,
} from './types';

export type { SimCredit, SimCustomerInput, SimOrder, SimPartInput, SimSeed, SimShipToInput, SimWarehouseQtyInput } from './types';
export { SIM_COUNTRIES } from './store';
export type { SimMiscCharge, SimOrderLine, SimOrderRelease } from './types';
export type { FaultRule } from '../shared/faults';
export { demoCatalog } from './demo-catalog';

export interface EpicorSimOptions {
  instance?: string; // default 'Kinetic'
  companies?: string[]; // default ['EPIC06']
  apiKey?: string; // default 'sandbox-api-key'
  users?: { username: string; password: string }[]; // default [{ username: 'manager', password: 'manager' }]
  tokenLifetimeSeconds?: number; // default 1800
  pageCap?: number; // default 100
  emitNextLink?: boolean; // default false
  /** Enables `POST /oauth/connect/token` (client credentials). Scope defaults to 'epicor_erp'. */
  oauth?: { clientId: string; clientSecret: string; scope?: string; path?: string };
  seed?: SimSeed;

  // Options for the quirks the reference marks [U]/[S]; defaults are the stricter reading.
  /** Reject `$filter` datetime literals without Z/offset (reference section 4, WCI). Default false. */
  requireDateOffset?: boolean;
  /** Compare strings in $filter case-sensitively. Default false: SQL Server's collation ignores case. */
  caseSensitiveStrings?: boolean;
  /** Decode '+' in the query string as a space. Default false: a '+' is a literal plus. */
  plusAsSpace?: boolean;
  /** Accept `?api-key=` instead of the header (KDOC/KLIB only). Default false. */
  acceptApiKeyQuery?: boolean;
  /** Require x-api-key on TokenResource.svc too. Default true. */
  tokenRequiresApiKey?: boolean;
  /** `TokenResource.svc` without the trailing slash is a 404. Default true. */
  tokenRequiresTrailingSlash?: boolean;
  /** Refuse an order line whose quantity did not go through ChangeSellingQuantity. Default true. */
  requireChangeSellingQuantity?: boolean;
  /** First SysRevID. Set above 2^53 to check that a client keeps the watermark as a bigint/string. */
  sysRevIdStart?: bigint | number;
  /** Clock for ChangedOn, order dates and token expiry; default Date.now. */
  now?: () => number;
  /** Valid order misc charge codes -> description. Default FRT, HAND, FEE, DISC. */
  miscCodes?: Record<string, string>;
  /** Valid RMA ReturnReasonCodes. Default WEB, DAMAGED, DEFECT, WRONGITEM, NOLONGERNEEDED, OTHER. */
  returnReasons?: string[];
  /** Country.CountryNum -> ISO 3166 code. Default SIM_COUNTRIES (1 US, 2 CA, ... 5 DE). */
  countries?: Record<number, string>;
  /** Valid ShipVia codes. Default UPS, FEDEX, DHL, WILLCALL, BEST. */
  shipVias?: string[];
  /** Seed for fault `rate` randomness. */
  faultSeed?: number;
}

export interface RunningEpicorSimulator {
  /** http://127.0.0.1:PORT/<Instance>: what EPICOR_BASE_URL holds. */
  baseUrl: string;
  origin: string;
  sim: EpicorSimulator;
  close(): Promise<void>;
}

export class EpicorSimulator {
  readonly app: Hono;
  readonly faults: Faults;
  readonly calls = new CallLog();
  readonly instance: string;
  readonly companies: string[];
  readonly apiKey: string;
  readonly users: { username: string; password: string }[];
  private readonly store: Store;
  private readonly tokens: Tokens;
  private readonly initialSeed?: SimSeed;

  constructor(opts: EpicorSimOptions = {}) {
    const now = opts.now ?? Date.now;
    this.instance = opts.instance ?? 'Kinetic';
    this.companies = opts.companies ?? ['EPIC06'];
    this.apiKey = opts.apiKey ?? 'sandbox-api-key';
    this.users = opts.users ?? [{ username: 'manager', password: 'manager' }];
    this.faults = new Faults(opts.faultSeed);
    const auth = {
      apiKey: this.apiKey,
      users: this.users,
      tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 1800,
      now,
      acceptApiKeyQuery: opts.acceptApiKeyQuery ?? false,
    };
    this.tokens = new Tokens(auth);
    this.store = new Store({
      defaultCompany: this.companies[0],
      companies: this.companies,
      now,
      sysRevIdStart: BigInt(opts.sysRevIdStart ?? 1_000_000),
      changedBy: this.users[0]?.username ?? 'manager',
      miscCodes: opts.miscCodes,
      returnReasons: opts.returnReasons,
      countries: opts.countries,
      shipVias: opts.shipVias,
    });
    const behaviour: SimBehaviour = {
      pageCap: opts.pageCap ?? 100,
      emitNextLink: opts.emitNextLink ?? false,
      plusAsSpace: opts.plusAsSpace ?? false,
      requireDateOffset: opts.requireDateOffset ?? false,
      caseSensitiveStrings: opts.caseSensitiveStrings ?? false,
      requireChangeSellingQuantity: opts.requireChangeSellingQuantity ?? true,
    };
    this.app = buildApp({
      instance: this.instance,
      companies: this.companies,
      auth,
      tokens: this.tokens,
      store: this.store,
      faults: this.faults,
      calls: this.calls,
      behaviour,
      oauth: opts.oauth && {
        clientId: opts.oauth.clientId,
        clientSecret: opts.oauth.clientSecret,
        scope: opts.oauth.scope ?? 'epicor_erp',
        path: opts.oauth.path ?? '/oauth/connect/token',
      },
      tokenRequiresApiKey: opts.tokenRequiresApiKey ?? true,
      tokenRequiresTrailingSlash: opts.tokenRequiresTrailingSlash ?? true,
      admin: adminRoutes(() => this),
    });
    this.initialSeed = opts.seed;
    if (opts.seed) this.seed(opts.seed);
  }

  /** Empties every table, clears faults and the call log, then re-applies the constructor's seed. Tokens stay valid. */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.calls.clear();
    if (this.initialSeed) this.seed(this.initialSeed);
  }

  /** Upserts parts (by PartNum), customers (by CustID) and warehouse quantities. */
  seed(data: SimSeed): void {
    this.store.seed(data);
  }

  /** Like a user editing the part in Epicor: bumps SysRevID and ChangedOn. Accepts input or Epicor field names. */
  updatePart(partNum: string, changes: Partial<SimPartInput> & Record<string, unknown>): Record<string, unknown> {
    return plain(this.store.updatePart(partNum, changes)) as Record<string, unknown>;
  }

  setStock(partNum: string, warehouse: string, qty: number): Record<string, unknown> {
    return plain(this.store.setStock({ partNum, warehouseCode: warehouse, onHandQty: qty })) as Record<string, unknown>;
  }

  updateCustomer(custNum: number, changes: Partial<SimCustomerInput> & Record<string, unknown>): Record<string, unknown> {
    return plain(this.store.updateCustomer(custNum, changes)) as Record<string, unknown>;
  }

  /** A customer row by CustID (plain values), e.g. to learn the CustNum the sim assigned. */
  customer(custId: string, company = this.companies[0]): Record<string, unknown> | undefined {
    const row = this.store.findCustomerById(company, custId);
    return row && (plain(row) as Record<string, unknown>);
  }

  part(partNum: string, company = this.companies[0]): Record<string, unknown> | undefined {
    const row = this.store.parts.get(company, partNum);
    return row && (plain(row) as Record<string, unknown>);
  }

  /** All orders, oldest first, with their lines and misc charges; decimals as strings. */
  orders(): SimOrder[] {
    const s = this.store;
    return s.orderHeds.all().map((h) => {
      const of = (r: Row) => r.Company === h.Company && r.OrderNum === h.OrderNum;
      return plain({
        ...h,
        lines: s.orderDtls.all().filter(of),
        miscCharges: s.orderMscs.all().filter(of),
        releases: s.orderRels.all().filter(of),
      }) as SimOrder;
    });
  }

  /**
   * The warehouse ships `qty` units of an order line (Customer Shipment Entry): its releases record them as
   * shipped; a line (and then the order) that shipped everything closes. Throws when the line has less open.
   */
  ship(orderNum: number, orderLine: number, qty: number, company = this.companies[0]): void {
    shipUnits(this.store, company, orderNum, orderLine, qty);
  }

  /** Ships everything still open on the order. */
  shipAll(orderNum: number, company = this.companies[0]): void {
    for (const rel of this.store.orderRels.all(company).filter((r) => r.OrderNum === orderNum && r.OpenRelease !== false)) {
      const open = Number(decAdd(rel.SellingReqQty as Dec, decNeg(shippedOf(rel))).text);
      if (open > 0) shipUnits(this.store, company, orderNum, rel.OrderLine as number, open);
    }
  }

  /**
   * Like a clerk starting to post an AR invoice group (`PostInProcess`): until it is released, the group
   * takes no new invoices or lines. The posting itself is `Erp.BO.InvcGrpSvc/PostInvoices`.
   */
  setInvoiceGroupPosting(groupId: string, inProcess: boolean, company = this.companies[0]): void {
    const group = this.store.invcGrps.get(company, groupId);
    if (!group) throw new Error(`no invoice group ${groupId} in ${company}`);
    group.PostInProcess = inProcess;
    this.store.touch(group);
  }

  /** RMACreditAdd credits nothing and answers `message` in opErrMsg, as the real BO does for some refusals ('' = normal). */
  refuseRmaCredits(message: string): void {
    this.store.rmaCreditRefusal = message;
  }

  /** AR credit memos and invoices (RMACreditAdd or ARInvoiceSvc entry), with their lines. */
  credits(): SimCredit[] {
    const s = this.store;
    return s.invcHeads.all().map((h) => {
      const lines = s.invcDtls
        .all()
        .filter((d) => d.Company === h.Company && d.InvoiceNum === h.InvoiceNum)
        .map((d) => ({ ...d, ECCComment: s.rmaDtls.get(d.Company, d.RMANum, d.RMALine)?.ECCComment ?? '' }));
      return plain({ ...h, lines }) as SimCredit;
    });
  }

  /** Invalidates every issued bearer token now (Basic auth keeps working). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** A fault rule; a 429 without headers gets `Retry-After: 1`, as rate limiters send. */
  addFault(rule: FaultRule): string {
    if (rule.kind === 'status' && rule.status === 429 && !rule.headers) rule = { ...rule, headers: { 'Retry-After': '1' } };
    return this.faults.add(rule);
  }

  currentSysRevId(): number {
    return Number(this.store.currentRev());
  }

  /** The exact SysRevID, for runs started above 2^53. */
  currentSysRevIdBig(): bigint {
    return this.store.currentRev();
  }
}

export function createEpicorSimulator(opts?: EpicorSimOptions): EpicorSimulator {
  return new EpicorSimulator(opts);
}

/** Serves the simulator on 127.0.0.1 (or `host`), port 0 = a free one. */
export async function startEpicorSimulator(
  opts: EpicorSimOptions & { port?: number; host?: string } = {},
): Promise<RunningEpicorSimulator> {
  const sim = createEpicorSimulator(opts);
  const served = await serve(sim.app, opts.port ?? 0, opts.host);
  return { baseUrl: `${served.origin}/${sim.instance}`, origin: served.origin, sim, close: served.close };
}

import { readAll, type EpicorClient } from '../../epicor';
import { EpicorError } from '../../epicor/errors';
import { f } from '../../epicor/odata';
import { formatDecimal, fromMinor, sumMinor, toMinor } from '../../mapping/money';
import { planCreditMemo } from '../../mapping/refund-plan';
import type { WooClient } from '../../woocommerce';
import type { WooRefund } from '../../woocommerce/types';
import { readOrderLines } from './epicor-order';
import { permanent } from './failures';

const RMA = 'Erp.BO.RMAProcSvc';
const AR = 'Erp.BO.ARInvoiceSvc';
const GRP = 'Erp.BO.InvcGrpSvc';
type Row = Record<string, unknown>;
type Ds = Record<string, Row[]>;

/**
 * The AR invoice group web credit memos are entered in. One fixed group rather than one per day: AR posts
 * it on its own cadence (posting removes the group and the next refund creates it again), a clerk has one
 * place to review web credits, and six characters fit Epicor's short GroupID. Created on first use.
 */
export const CREDIT_MEMO_GROUP = 'WEBCM';

export interface CreditMemoResult {
  wooRefundId: number;
  /** No RMA on this route; kept 0 so the workflow result keeps one shape for both routes. */
  rmaNum: 0;
  /** [creditMemoNum], or [] for a refund with nothing to credit. */
  invoiceNums: number[];
  creditMemoNum: number;
  /** Net amount credited (positive decimal string); the credit memo carries it negative. */
  amount: string;
}

/** A credit found by reference: an RMA (rmaNum > 0) or an AR credit memo (creditMemoNum). */
export interface FoundCredit {
  wooRefundId: number;
  rmaNum: number;
  invoiceNums: number[];
  amount: string;
  creditMemoNum?: number;
}

/**
 * One Woo refund -> one AR credit memo (reference §6 direct route): InvcHead.InvoiceComment = `woo-refund:<id>`,
 * one InvcDtl per planned line with InvoiceComment = `woo-refund:<id>/<n>`. Every write is preceded by its
 * lookup, so an activity retry after a 500 whose outcome is unknown, a second delivery or a workflow reset
 * finds the header and lines already written instead of adding them again. The plan is checked before the
 * first write, so a refund that cannot be credited parks without leaving half a memo.
 */
export async function creditRefundByMemo(
  { epicor, woo }: { epicor: EpicorClient; woo: WooClient },
  input: { wooOrderId: number; wooRefundId: number; orderNum: number; custNum: number },
  /** The part of the refund to credit (unshipped units already taken off the order); read from Woo when absent. */
  creditable?: WooRefund,
): Promise<CreditMemoResult | FoundCredit> {
  const { wooOrderId, wooRefundId, orderNum, custNum } = input;
  const refund = creditable ?? (await woo.getRefund(wooOrderId, wooRefundId));
  const plan = planCreditMemo(refund, await readOrderLines(epicor, orderNum));
  const byHand = await handCreditOrPark(epicor, wooRefundId, plan, 'memo');
  if (byHand) return byHand;
  if (plan.lines.length === 0) return { wooRefundId, rmaNum: 0, invoiceNums: [], creditMemoNum: 0, amount: plan.total };

  const found = await epicor.query<Row>(AR, 'ARInvoices', {
    filter: f.and(f.eq('InvoiceComment', plan.reference), f.eq('CreditMemo', true)),
    select: ['InvoiceNum'],
    orderBy: ['InvoiceNum'],
    top: 1,
  });
  const invoiceNum = found[0] ? Number(found[0].InvoiceNum) : await createHeader(epicor, { custNum, orderNum, reference: plan.reference });

  const written = await memoLineKeys(epicor, invoiceNum);
  // The README lets an operator credit a refund by hand with the reference in the memo's InvoiceComment. Such a
  // memo has lines none of which carries one of our `<reference>/<n>` keys: it is the refund's credit, and
  // adding the connector's lines to it would credit the refund twice. (A header with no lines at all is taken
  // as ours: a previous attempt that died between header and lines; it cannot be told from a hand memo still
  // being typed, which is why a hand memo should get its lines before it gets the reference.)
  if (written.length > 0 && !written.some((key) => isOwnLineKey(key, plan.reference))) {
    return (await existingCredit(epicor, wooRefundId, plan.reference, 'memo'))!;
  }
  const have = new Set(written);
  for (const line of plan.lines) {
    if (have.has(line.key)) continue;
    const fresh = await epicor.call<{ ds: Ds }>(AR, 'GetNewInvcDtl', { invoiceNum, ds: {} });
    const row = fresh.parameters.ds?.InvcDtl?.find((r) => r.RowMod === 'A');
    if (!row) throw new Error(`Epicor GetNewInvcDtl for invoice ${invoiceNum} returned no new InvcDtl row`);
    Object.assign(row, {
      PartNum: line.partNum,
      OrderLine: line.orderLine,
      LineDesc: line.description,
      // InvcHead.CreditMemo: amounts "always stored with a negative sign but will be entered as a positive".
      SellingShipQty: line.qty,
      DocUnitPrice: line.unitPrice,
      InvoiceComment: line.key,
    });
    await epicor.call(AR, 'Update', { ds: { InvcDtl: [row] } });
  }
  return { wooRefundId, rmaNum: 0, invoiceNums: [invoiceNum], creditMemoNum: invoiceNum, amount: plan.total };
}

/**
 * A credit that already exists for a Woo refund, looked up by its reference: an RMA (RMAHead.RMAComment) or an
 * AR credit memo (InvcHead.InvoiceComment). What an operator credits by hand with the reference in the comment
 * counts as the refund's credit, so a refund the connector cannot express stops parking once it is credited.
 * The amount is what Epicor's credit memo lines hold (0.00 for an RMA not credited yet).
 */
export async function existingCredit(
  epicor: EpicorClient,
  wooRefundId: number,
  reference: string,
  kind: 'rma' | 'memo',
): Promise<FoundCredit | undefined> {
  const positive = (values: unknown[]) => fromMinor(-sumMinor(values.map((v) => toMinor(formatDecimal((v ?? 0) as number | string)))));
  if (kind === 'rma') {
    const head = (await epicor.query<Row>(RMA, 'RMAProcs', { filter: f.eq('RMAComment', reference), select: ['RMANum'], top: 1 }))[0];
    if (!head) return undefined;
    const rmaNum = Number(head.RMANum);
    const lines = await readAll<Row>(epicor, AR, 'InvcDtls', { filter: f.eq('RMANum', rmaNum), select: ['InvoiceNum', 'DocExtPrice'] });
    return { wooRefundId, rmaNum, invoiceNums: [...new Set(lines.map((l) => Number(l.InvoiceNum)))], amount: positive(lines.map((l) => l.DocExtPrice)) };
  }
  const memo = (
    await epicor.query<Row>(AR, 'ARInvoices', {
      filter: f.and(f.eq('InvoiceComment', reference), f.eq('CreditMemo', true)),
      select: ['InvoiceNum', 'DocInvoiceAmt'],
      orderBy: ['InvoiceNum'],
      top: 1,
    })
  )[0];
  if (!memo) return undefined;
  const invoiceNum = Number(memo.InvoiceNum);
  return { wooRefundId, rmaNum: 0, invoiceNums: [invoiceNum], creditMemoNum: invoiceNum, amount: positive([memo.DocInvoiceAmt]) };
}

/** InvoiceComment of every line on an AR invoice. */
async function memoLineKeys(epicor: EpicorClient, invoiceNum: number): Promise<string[]> {
  const rows = await readAll<Row>(epicor, AR, 'InvcDtls', {
    filter: f.eq('InvoiceNum', invoiceNum),
    select: ['InvoiceLine', 'InvoiceComment'],
    orderBy: ['InvoiceLine'],
  });
  return rows.map((l) => String(l.InvoiceComment ?? ''));
}

/** The connector keys its memo lines `<reference>/<n>` (planCreditMemo); anything else was typed by a person. */
const isOwnLineKey = (key: string, reference: string) => key.startsWith(`${reference}/`);

/**
 * Why a credit found for a refund is not finished, or undefined when it is. Used when the refund route changed:
 * a credit of the other kind is the refund's credit only when complete, or the refund would be marked credited
 * though short. An RMA is finished when it has lines and each has its credit memo (RMACreditAdd); an AR memo
 * when it has lines and, if the connector wrote them (`<reference>/<n>` keys), every planned key is there
 * (`plannedMemoKeys`, asked only then). A memo whose lines a person typed is taken as finished.
 */
export async function unfinishedCredit(
  epicor: EpicorClient,
  credit: FoundCredit,
  reference: string,
  plannedMemoKeys: () => Promise<string[]>,
): Promise<string | undefined> {
  if (credit.rmaNum > 0) {
    const rmaLines = (await readAll<Row>(epicor, RMA, 'RMADtls', { filter: f.eq('RMANum', credit.rmaNum), select: ['RMALine'] })).map((r) =>
      Number(r.RMALine),
    );
    if (!rmaLines.length) return `RMA ${credit.rmaNum} (${reference}) has no lines`;
    const credited = new Set(
      (await readAll<Row>(epicor, AR, 'InvcDtls', { filter: f.eq('RMANum', credit.rmaNum), select: ['RMALine'] })).map((r) => Number(r.RMALine)),
    );
    const open = rmaLines.filter((l) => !credited.has(l));
    return open.length ? `RMA ${credit.rmaNum} (${reference}) has lines without a credit memo: ${open.join(', ')}` : undefined;
  }
  const memo = credit.creditMemoNum ?? 0;
  const keys = await memoLineKeys(epicor, memo);
  if (!keys.length) return `credit memo ${memo} (${reference}) has no lines`;
  if (!keys.some((k) => isOwnLineKey(k, reference))) return undefined;
  const have = new Set(keys);
  const missing = (await plannedMemoKeys()).filter((k) => !have.has(k));
  return missing.length ? `credit memo ${memo} (${reference}) lacks lines ${missing.join(', ')}` : undefined;
}

/**
 * A refund plan with problems (something the route cannot express exactly): a credit an operator made by hand
 * with the refund's reference (an RMA's RMAComment, a memo's InvoiceComment) is the refund's credit, else the
 * order parks. Undefined when the plan has no problems and the route goes on to write its credit.
 */
export async function handCreditOrPark(
  epicor: EpicorClient,
  wooRefundId: number,
  plan: { problems: string[]; reference: string },
  kind: 'rma' | 'memo',
): Promise<FoundCredit | undefined> {
  if (!plan.problems.length) return undefined;
  const byHand = await existingCredit(epicor, wooRefundId, plan.reference, kind);
  if (byHand) return byHand;
  throw permanent('RefundNotCreditable', `${plan.problems.join('; ')} (credit it by hand in Epicor with comment ${plan.reference}, or send refundHandled)`);
}

async function createHeader(epicor: EpicorClient, h: { custNum: number; orderNum: number; reference: string }): Promise<number> {
  await ensureGroup(epicor);
  const fresh = await epicor.call<{ ds: Ds }>(AR, 'GetNewInvcHeadType', { GroupID: CREDIT_MEMO_GROUP, InvoiceType: 'CREDIT-MEMO', ds: {} });
  const row = fresh.parameters.ds?.InvcHead?.find((r) => r.RowMod === 'A');
  if (!row) throw new Error('Epicor GetNewInvcHeadType returned no new InvcHead row');
  Object.assign(row, { CustNum: h.custNum, OrderNum: h.orderNum, InvoiceComment: h.reference });
  const saved = await epicor.call<{ ds: Ds }>(AR, 'Update', { ds: { InvcHead: [row] } });
  const invoiceNum = Number(saved.parameters.ds?.InvcHead?.[0]?.InvoiceNum);
  if (!invoiceNum) throw new Error('Epicor ARInvoiceSvc Update returned no InvoiceNum for the new credit memo');
  return invoiceNum;
}

/** The group exists or is created; another worker creating it at the same moment is fine. */
async function ensureGroup(epicor: EpicorClient): Promise<void> {
  const exists = async () =>
    (await epicor.query<Row>(GRP, 'InvcGrps', { filter: f.eq('GroupID', CREDIT_MEMO_GROUP), select: ['GroupID'], top: 1 })).length > 0;
  if (await exists()) return;
  try {
    const fresh = await epicor.call<{ ds: Ds }>(GRP, 'GetNewInvcGrp', { ds: {} });
    const row = fresh.parameters.ds?.InvcGrp?.find((r) => r.RowMod === 'A');
    if (!row) throw new Error('Epicor GetNewInvcGrp returned no new InvcGrp row');
    row.GroupID = CREDIT_MEMO_GROUP;
    await epicor.call(GRP, 'Update', { ds: { InvcGrp: [row] } });
  } catch (err) {
    // "already exists" from a concurrent import: the group is there, which is all we need.
    if (err instanceof EpicorError && err.category === 'business' && (await exists())) return;
    throw err;
  }
}

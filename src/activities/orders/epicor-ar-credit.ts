import type { EpicorClient } from '../../epicor';
import { EpicorError } from '../../epicor/errors';
import { f } from '../../epicor/odata';
import { formatDecimal } from '../../mapping/money';
import { planCreditMemo, type EpicorOrderLine } from '../../mapping/refund-plan';
import type { WooClient } from '../../woocommerce';
import { permanent } from './failures';

const SO = 'Erp.BO.SalesOrderSvc';
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
): Promise<CreditMemoResult> {
  const { wooOrderId, wooRefundId, orderNum, custNum } = input;
  const refund = await woo.getRefund(wooOrderId, wooRefundId);
  const dtls = await epicor.query<Row>(SO, 'OrderDtls', {
    filter: f.eq('OrderNum', orderNum),
    select: ['OrderLine', 'Reference', 'PartNum', 'SellingQuantity', 'DocUnitPrice'],
    orderBy: ['OrderLine'],
    top: 1000,
  });
  const orderLines: EpicorOrderLine[] = dtls.map((d) => ({
    orderLine: Number(d.OrderLine),
    partNum: String(d.PartNum),
    reference: String(d.Reference ?? ''),
    quantity: Number(d.SellingQuantity),
    unitPrice: formatDecimal(d.DocUnitPrice as number | string),
  }));
  const plan = planCreditMemo(refund, orderLines);
  if (plan.problems.length) throw permanent('RefundNotCreditable', `${plan.problems.join('; ')} (credit it by hand in Epicor)`);
  if (plan.lines.length === 0) return { wooRefundId, rmaNum: 0, invoiceNums: [], creditMemoNum: 0, amount: plan.total };

  const found = await epicor.query<Row>(AR, 'InvcHeads', {
    filter: f.and(f.eq('InvoiceComment', plan.reference), f.eq('CreditMemo', true)),
    select: ['InvoiceNum'],
    orderBy: ['InvoiceNum'],
    top: 1,
  });
  const invoiceNum = found[0] ? Number(found[0].InvoiceNum) : await createHeader(epicor, { custNum, orderNum, reference: plan.reference });

  const written = await epicor.query<Row>(AR, 'InvcDtls', {
    filter: f.eq('InvoiceNum', invoiceNum),
    select: ['InvoiceLine', 'InvoiceComment'],
    orderBy: ['InvoiceLine'],
    top: 1000,
  });
  const have = new Set(written.map((l) => String(l.InvoiceComment ?? '')));
  for (const line of plan.lines) {
    if (have.has(line.key)) continue;
    const fresh = await epicor.call<{ ds: Ds }>(AR, 'GetNewInvcDtl', { invoiceNum, ds: {} });
    const row = fresh.parameters.ds?.InvcDtl?.find((r) => r.RowMod === 'A');
    if (!row) throw new Error(`Epicor GetNewInvcDtl for invoice ${invoiceNum} returned no new InvcDtl row`);
    Object.assign(row, {
      PartNum: line.partNum,
      OrderLine: line.orderLine,
      LineDesc: line.description,
      // Credit memo convention (reference §6: amounts negative): the quantity carries the sign.
      SellingShipQty: -line.qty,
      DocUnitPrice: line.unitPrice,
      InvoiceComment: line.key,
    });
    await epicor.call(AR, 'Update', { ds: { InvcDtl: [row] } });
  }
  return { wooRefundId, rmaNum: 0, invoiceNums: [invoiceNum], creditMemoNum: invoiceNum, amount: plan.total };
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

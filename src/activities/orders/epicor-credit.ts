import type { ActivityDeps } from '../deps';
import { readAll } from '../../epicor';
import { f } from '../../epicor/odata';
import { refundReference } from '../../mapping/po-num';
import { planCreditMemo, planRefundCredit } from '../../mapping/refund-plan';
import { creditRefundByMemo, existingCredit, handCreditOrPark, unfinishedCredit, type CreditMemoResult } from './epicor-ar-credit';
import { readOrderLines } from './epicor-order';
import { guard, permanent } from './failures';
import { takeOffUnshipped } from './unshipped-refund';
import type { LineReduction } from '../../mapping/refund-reduction';

const RMA = 'Erp.BO.RMAProcSvc';
const AR = 'Erp.BO.ARInvoiceSvc';
type Row = Record<string, unknown>;

export interface CreditResult {
  wooRefundId: number;
  /** 0 on the ar-credit-memo route, which makes no RMA. */
  rmaNum: number;
  invoiceNums: number[];
  /** Net amount credited in Epicor (positive decimal string); the credit memo itself carries it negative. */
  amount: string;
  /** ar-credit-memo route: the credit memo's InvoiceNum (also in invoiceNums). */
  creditMemoNum?: CreditMemoResult['creditMemoNum'];
  /** Order lines this refund's unshipped units were taken off (none: absent). */
  reduced?: LineReduction[];
}

/**
 * One Woo refund -> one RMA (RMAHead.RMAComment = `woo-refund:<id>`), one RMA line per returned order
 * line (RMADtl.ECCComment = `woo-refund:<id>`) and a credit memo line per RMA line via RMACreditAdd
 * (iCorrection false), as the reference §6 RMA route. RMACreditAdd does not de-duplicate, so every piece
 * is looked up before it is created: an activity retry, a second delivery or a workflow reset never
 * credits twice. The plan is checked completely before the first write, so a refund that an RMA cannot
 * credit exactly parks the import without leaving half a credit behind.
 * ORDER_REFUND_ROUTE=ar-credit-memo goes to epicor-ar-credit.ts instead: one direct AR credit memo, which
 * can also credit shipping, fees and amount-only refunds.
 */
export function createCreditActivities({ config, epicor, woo }: ActivityDeps) {
  return {
    async creditRefund(input: { wooOrderId: number; wooRefundId: number; orderNum: number; custNum: number }): Promise<CreditResult> {
      return guard(async () => {
        const route = config.orders.refundRoute;
        if (route !== 'rma' && route !== 'ar-credit-memo') throw permanent('NotImplemented', `ORDER_REFUND_ROUTE=${String(route)} is not implemented`);
        const reference = refundReference(input.wooRefundId);
        const kind = route === 'rma' ? 'rma' : 'memo';
        let otherLookup: Promise<Awaited<ReturnType<typeof existingCredit>>> | undefined;
        const otherCredit = () => (otherLookup ??= existingCredit(epicor, input.wooRefundId, reference, kind === 'rma' ? 'memo' : 'rma'));
        const refund = await woo.getRefund(input.wooOrderId, input.wooRefundId);
        // Units that have not shipped come off the order line first; only what shipped is credited.
        const { creditable, reduced } =
          config.orders.refundUnshipped === 'credit'
            ? { creditable: refund, reduced: [] }
            : await takeOffUnshipped({ epicor, woo }, input, refund, async () =>
                Boolean((await otherCredit()) ?? (await existingCredit(epicor, input.wooRefundId, reference, kind))),
              );
        const withReduced = <T extends object>(credit: T): T => (reduced.length ? { ...credit, reduced } : credit);
        // Looked up first: a credit of the other kind for this refund (made by hand, or before the route was
        // switched) is the refund's credit; crediting it again through this route would credit twice. Only a
        // finished one, though: a connector RMA still without its credit memo, or a memo missing lines, would
        // mark the refund credited though short. Neither route can finish the other's credit, so a person must.
        const other = await otherCredit();
        if (other) {
          const plannedMemoKeys = async () => planCreditMemo(creditable, await readOrderLines(epicor, input.orderNum)).lines.map((l) => l.key);
          const unfinished = await unfinishedCredit(epicor, other, reference, plannedMemoKeys);
          if (unfinished) {
            throw permanent(
              'RefundNotCreditable',
              `${unfinished}, and ORDER_REFUND_ROUTE=${route} cannot finish it; finish that credit in Epicor, or delete it so this route credits the refund, then send the retry signal (or send refundHandled)`,
            );
          }
          return other;
        }
        if (route === 'ar-credit-memo') return withReduced(await creditRefundByMemo({ epicor, woo }, input, creditable));
        const { wooRefundId, orderNum, custNum } = input;
        const plan = planRefundCredit(creditable, await readOrderLines(epicor, orderNum));
        // Nothing shipped: the order line was reduced and there is nothing to credit.
        if (!plan.lines.length && !plan.problems.length) return withReduced({ wooRefundId, rmaNum: 0, invoiceNums: [], amount: plan.total });
        const byHand = await handCreditOrPark(epicor, wooRefundId, plan, 'rma');
        if (byHand) return byHand;

        const head =
          (await epicor.query<Row>(RMA, 'RMAProcs', { filter: f.eq('RMAComment', plan.reference), select: ['RMANum'], top: 1 }))[0] ??
          (await epicor.create<Row>(RMA, 'RMAProcs', {
            RMANum: 0,
            // RMAHead has no OrderNum (the order link is on RMADtl) and no Plant.
            CustNum: custNum,
            BTCustNum: custNum,
            RMADate: `${new Date().toISOString().slice(0, 10)}T00:00:00`,
            OpenRMA: true,
            RMAComment: plan.reference,
          }));
        const rmaNum = Number(head.RMANum);
        const existing = await readAll<Row>(epicor, RMA, 'RMADtls', {
          filter: f.and(f.eq('RMANum', rmaNum), f.eq('ECCComment', plan.reference)),
          select: ['RMALine'],
          orderBy: ['RMALine'],
        });
        const have = new Set(existing.map((r) => Number(r.RMALine)));

        const invoiceNums: number[] = [];
        for (const [i, line] of plan.lines.entries()) {
          // Line numbers are ours: the RMA exists only for this refund, so RMALine i+1 is the plan's line i.
          const rmaLine = i + 1;
          if (!have.has(rmaLine)) {
            await epicor.create(RMA, 'RMADtls', {
              RMANum: rmaNum,
              RMALine: rmaLine,
              OrderNum: orderNum,
              OrderLine: line.orderLine,
              PartNum: line.partNum,
              ReturnQty: line.returnQty,
              ...(line.salesUM ? { ReturnQtyUOM: line.salesUM } : {}),
              ReturnReasonCode: config.orders.refundReason,
              ECCComment: plan.reference,
              Note: `Woo refund ${wooRefundId}: ${line.amount}`,
            });
          }
          const credited = await epicor.query<Row>(AR, 'InvcDtls', {
            filter: f.and(f.eq('RMANum', rmaNum), f.eq('RMALine', rmaLine)),
            select: ['InvoiceNum'],
            top: 1,
          });
          if (credited[0]) {
            invoiceNums.push(Number(credited[0].InvoiceNum));
            continue;
          }
          const { parameters } = await epicor.call<{ iInvoiceNum?: number; opErrMsg?: string }>(RMA, 'RMACreditAdd', {
            iRMANum: rmaNum,
            iRMALine: rmaLine,
            iCorrection: false,
            ds: {},
          });
          // RMACreditAdd reports some refusals in opErrMsg instead of an error: the same call would answer the same.
          const refused = typeof parameters?.opErrMsg === 'string' ? parameters.opErrMsg.trim() : '';
          if (refused && !parameters?.iInvoiceNum) {
            throw permanent('EpicorRejected', `Epicor RMACreditAdd for RMA ${rmaNum} line ${rmaLine} created no credit memo: ${refused}`);
          }
          if (!parameters?.iInvoiceNum) throw new Error(`Epicor RMACreditAdd for RMA ${rmaNum}/${rmaLine} returned no iInvoiceNum`);
          invoiceNums.push(Number(parameters.iInvoiceNum));
        }
        return withReduced({ wooRefundId, rmaNum, invoiceNums: [...new Set(invoiceNums)], amount: plan.total });
      });
    },
  };
}

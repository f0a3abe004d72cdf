import type { ActivityDeps } from '../deps';
import { f } from '../../epicor/odata';
import { wooLineIdOf } from '../../mapping/po-num';
import { planRefundCredit, type EpicorLineRef } from '../../mapping/refund-plan';
import { guard, permanent } from './failures';

const RMA = 'Erp.BO.RMAProcSvc';
const AR = 'Erp.BO.ARInvoiceSvc';
type Row = Record<string, unknown>;

export interface CreditResult {
  wooRefundId: number;
  rmaNum: number;
  invoiceNums: number[];
}

/**
 * One Woo refund -> one RMA (RMAHead.RMAComment = `woo-refund:<id>`), one RMA line per refunded order
 * line (RMADtl.ECCComment = `woo-refund:<id>`), and a credit memo per RMA line via RMACreditAdd
 * (iCorrection false). Each piece is looked up before it is created, so an activity retry, a second
 * delivery or a workflow reset never credits twice.
 */
export function createCreditActivities({ config, epicor, woo }: ActivityDeps) {
  return {
    async creditRefund(input: { wooOrderId: number; wooRefundId: number; orderNum: number; custNum: number }): Promise<CreditResult> {
      return guard(async () => {
        if (config.orders.refundRoute !== 'rma') {
          throw permanent('NotImplemented', 'ORDER_REFUND_ROUTE=ar-credit-memo is not implemented; use rma');
        }
        const { wooOrderId, wooRefundId, orderNum, custNum } = input;
        const refund = await woo.getRefund(wooOrderId, wooRefundId);
        const dtls = await epicor.query<Row>('Erp.BO.SalesOrderSvc', 'OrderDtls', {
          filter: f.eq('OrderNum', orderNum),
          select: ['OrderLine', 'Reference', 'PartNum'],
          orderBy: ['OrderLine'],
          top: 1000,
        });
        const byWooLine = new Map<number, EpicorLineRef>();
        for (const d of dtls) {
          const id = wooLineIdOf(String(d.Reference ?? ''));
          if (id !== undefined && !byWooLine.has(id)) byWooLine.set(id, { orderLine: Number(d.OrderLine), partNum: String(d.PartNum) });
        }
        const plan = planRefundCredit(refund, byWooLine);
        if (plan.problems.length) throw permanent('EpicorRejected', plan.problems.join('; '));

        const head =
          (await epicor.query<Row>(RMA, 'RMAProcs', { filter: f.eq('RMAComment', plan.reference), select: ['RMANum'], top: 1 }))[0] ??
          (await epicor.create<Row>(RMA, 'RMAProcs', {
            RMANum: 0,
            CustNum: custNum,
            BTCustNum: custNum,
            OrderNum: orderNum,
            RMADate: new Date().toISOString().slice(0, 10) + 'T00:00:00',
            OpenRMA: true,
            RMAComment: plan.reference,
          }));
        const rmaNum = Number(head.RMANum);
        const existing = await epicor.query<Row>(RMA, 'RMADtls', {
          filter: f.and(f.eq('RMANum', rmaNum), f.eq('ECCComment', plan.reference)),
          select: ['RMALine'],
          orderBy: ['RMALine'],
          top: 1000,
        });
        const have = new Set(existing.map((r) => Number(r.RMALine)));

        const invoiceNums: number[] = [];
        for (const [i, line] of plan.lines.entries()) {
          const rmaLine = i + 1;
          if (!have.has(rmaLine)) {
            await epicor.create(RMA, 'RMADtls', {
              RMANum: rmaNum,
              RMALine: rmaLine,
              OrderNum: orderNum,
              OrderLine: line.orderLine,
              PartNum: line.partNum,
              ReturnQty: line.returnQty,
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
          const { parameters } = await epicor.call<{ iInvoiceNum?: number }>(RMA, 'RMACreditAdd', {
            iRMANum: rmaNum,
            iRMALine: rmaLine,
            iCorrection: false,
            ds: {},
          });
          if (parameters?.iInvoiceNum) invoiceNums.push(Number(parameters.iInvoiceNum));
        }
        return { wooRefundId, rmaNum, invoiceNums: [...new Set(invoiceNums)] };
      });
    },
  };
}

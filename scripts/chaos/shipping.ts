import type { EpicorSimulator, SimOrder } from '../../src/sandbox/epicor';
import { lineReference, shippingReference } from '../../src/mapping/po-num';

/**
 * The chaos run refunds goods a shopper sends back and expects each refund as an Epicor credit. Only units
 * Epicor has shipped are credited (a refund of unshipped units reduces the order line instead), so the run
 * ships an order in the simulator before refunding it.
 */
export function shipBeforeRefund(sim: EpicorSimulator, orderNum: number): 'shipped' {
  sim.shipAll(orderNum);
  return 'shipped';
}

/**
 * Whether the whole Woo order is on its Epicor order: a warehouse ships what is there, and shipping everything
 * closes the order, so shipping a half-written order (header and some lines) would close it before the import's
 * next lines, which then park on a closed order.
 */
export function fullyImported(
  epicorOrder: SimOrder | undefined,
  woo: { line_items: { id: number; quantity: number }[]; shipping_lines: { id: number; total: string }[] },
): boolean {
  if (!epicorOrder) return false;
  const quantityOf = (id: number) =>
    epicorOrder.lines.filter((l) => l.Reference === lineReference(id) || l.Reference === lineReference(id, 'rest')).reduce((n, l) => n + Number(l.SellingQuantity), 0);
  const charges = new Set(epicorOrder.miscCharges.map((m) => m.Description));
  return (
    woo.line_items.every((l) => quantityOf(l.id) === l.quantity) &&
    woo.shipping_lines.filter((s) => Number(s.total) !== 0).every((s) => charges.has(shippingReference(s.id)))
  );
}

import type { EpicorSimulator } from '../../src/sandbox/epicor';

/**
 * The chaos run refunds goods a shopper sends back and expects each refund as an Epicor credit. Only units
 * Epicor has shipped are credited (a refund of unshipped units reduces the order line instead), so the run
 * ships an order in the simulator before refunding it.
 */
export function shipBeforeRefund(sim: EpicorSimulator, orderNum: number): 'shipped' {
  sim.shipAll(orderNum);
  return 'shipped';
}

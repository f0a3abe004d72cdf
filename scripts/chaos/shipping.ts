import type { EpicorSimulator } from '../../src/sandbox/epicor';

/**
 * The chaos run refunds goods a shopper sends back and expects each refund as an Epicor credit. Only units
 * Epicor has shipped are credited (a refund of unshipped units reduces the order line instead), so the run
 * ships an order in the simulator before refunding it.
 *
 * The simulator has no shipping yet (a `shipAll`-style admin is being added beside this): until it lands this
 * is a no-op and every refund is credited, which is what the connector does today. At merge, call the real
 * method here; nothing else in the run depends on how shipping is done.
 */
export function shipBeforeRefund(sim: EpicorSimulator, orderNum: number): 'shipped' | 'no-shipping-in-simulator' {
  const ship = (sim as unknown as { shipAll?: (orderNum: number) => unknown }).shipAll;
  if (typeof ship !== 'function') return 'no-shipping-in-simulator';
  ship.call(sim, orderNum);
  return 'shipped';
}

import type { CustomerSelect } from '../config';
import type { EpicorCustomer } from './customer-to-customer';

/** Whether an Epicor customer is one the store should know (SYNC_CUSTOMERS_SELECT); B2B accounts stay out by default. */
export function isSelected(c: Pick<EpicorCustomer, 'WebCustomer' | 'GroupCode'>, select: CustomerSelect): boolean {
  if (select.kind === 'all') return true;
  if (select.kind === 'web-customer') return c.WebCustomer === true;
  const group = (c.GroupCode ?? '').trim().toUpperCase();
  return group !== '' && select.groups.some((g) => g.toUpperCase() === group);
}

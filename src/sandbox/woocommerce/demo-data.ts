import type { WooSimulator } from './index';

/** A small catalogue and two customers for the demo (non-ASCII on purpose: PHP escaping shows up). */
export function seedDemo(sim: WooSimulator): void {
  sim.seedProducts([
    { name: 'Café Crème Mug – 350 ml', sku: 'MUG-CAFE-350', regular_price: '12.50', manage_stock: true, stock_quantity: 250 },
    { name: 'Tea Towel', sku: 'TOWEL-01', regular_price: '7.90' },
    { name: 'Espresso Cup', sku: 'CUP-ESP-01', regular_price: '6.00', manage_stock: true, stock_quantity: 120 },
    {
      name: 'Apron',
      type: 'variable',
      sku: 'APRON',
      variations: [
        { sku: 'APRON-S', regular_price: '19.00', attributes: [{ name: 'Size', option: 'S' }] },
        { sku: 'APRON-L', regular_price: '21.00', attributes: [{ name: 'Size', option: 'L' }] },
      ],
    },
  ]);
  sim.seedCustomers([
    {
      email: 'jorg.testperson@example.test',
      first_name: 'Jörg',
      last_name: 'Testperson',
      billing: { first_name: 'Jörg', last_name: 'Testperson', address_1: 'Teststraße 1', city: 'Berlin', postcode: '10115', country: 'DE', state: 'BE', email: 'jorg.testperson@example.test' },
      shipping: { first_name: 'Jörg', last_name: 'Testperson', address_1: 'Teststraße 1', city: 'Berlin', postcode: '10115', country: 'DE', state: 'BE' },
    },
    { email: 'mia.muster@example.test', first_name: 'Mia', last_name: 'Muster' },
  ]);
  sim.seedCoupons([{ code: 'WELCOME10', discount_type: 'percent', amount: 10 }]);
}

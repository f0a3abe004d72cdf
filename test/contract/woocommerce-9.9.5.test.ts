import { contractTests } from './contract';
import { contractSuite } from './suite';
import { realStoreTarget } from './targets';

/** A real WordPress + WooCommerce 9.9.5 from release files (test/realwoo; docs/testing.md). */
contractSuite('real WooCommerce 9.9.5', realStoreTarget('9.9.5'), (world) => contractTests(world, { taxes: true }));

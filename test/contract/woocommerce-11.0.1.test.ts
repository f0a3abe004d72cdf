import { contractTests } from './contract';
import { contractSuite } from './suite';
import { realStoreTarget } from './targets';

/** A real WordPress + WooCommerce 11.0.1 from release files (test/realwoo; docs/testing.md). */
contractSuite('real WooCommerce 11.0.1', realStoreTarget('11.0.1'), (world) => contractTests(world, { taxes: true }));

import { contractTests } from './contract';
import { contractSuite } from './suite';
import { simulatorTarget } from './targets';

contractSuite('the simulator', simulatorTarget(), (world) => contractTests(world, { taxes: false }));

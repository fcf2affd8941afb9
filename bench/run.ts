// `npm run bench`: prints figures; nothing here is a pass/fail test.
import { benchConfigStore } from './config-store.ts';
import { printFigures } from './measure.ts';

printFigures('Configuration store (1,000 route-based VPNs)', benchConfigStore());

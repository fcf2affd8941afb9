// `npm run bench`: prints figures; nothing here is a pass/fail test.
import { benchConfigStore } from './config-store.ts';
import { printFigures } from './measure.ts';
import { benchSsh } from './ssh.ts';

printFigures('Configuration store (1,000 route-based VPNs)', benchConfigStore());
printFigures('SSH server (one device, password logins, interactive shells with a pty)', await benchSsh());

// `npm run bench`: prints figures; nothing here is a pass/fail test.
import { benchConfigStore } from './config-store.ts';
import { printFigures } from './measure.ts';
import { benchSsh } from './ssh.ts';
import { benchIke } from './ike.ts';
import { benchEsp } from './esp.ts';

printFigures('Configuration store (1,000 route-based VPNs)', benchConfigStore());
printFigures('IKEv1 in one process (both ends; PSK, AES-128/SHA1)', benchIke());
printFigures('ESP in one process (tunnel mode; ms per 1,000 packets, Mbit/s of inner bytes; srxsim vs raw node:crypto)', benchEsp());
printFigures('SSH server (one device, password logins, interactive shells with a pty)', await benchSsh());

// The root of the configuration hierarchy, in the order Junos displays it.
import { container } from './types.ts';
import { system } from './system.ts';
import { interfaces } from './interfaces.ts';
import { routingOptions } from './routing-options.ts';
import { ike } from './security-ike.ts';
import { ipsec } from './security-ipsec.ts';
import { zones } from './security-zones.ts';
import { policies } from './security-policies.ts';
import { applications } from './applications.ts';

export const security = container('security', 'Security configuration', [ike, ipsec, policies, zones]);

export const schemaRoot = container('configuration', '', [system, interfaces, routingOptions, security, applications], { presence: true });

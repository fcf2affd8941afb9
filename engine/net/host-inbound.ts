// host-inbound-traffic: which services may reach the device itself through an interface.
// The interface's own setting, if any, replaces its zone's (as on an SRX).
import { objects, type ConfigObject } from '../config/view.ts';


function permits(hit: ConfigObject | undefined, service: string): boolean | undefined {
  if (!hit) return undefined;
  const services = objects(hit['system-services']);
  if (services.length === 0) return undefined;
  const named = services.find((s) => s.name === service);
  if (named) return named.except !== true;
  return services.some((s) => (s.name === 'all' || s.name === 'any-service') && s.except !== true);
}

export function hostInboundAllows(config: ConfigObject, zone: string | undefined, ifName: string, service: string): boolean {
  if (!zone) return false;
  const security = (config.security ?? {}) as ConfigObject;
  const zones = objects(((security.zones ?? {}) as ConfigObject)['security-zone']);
  const z = zones.find((x) => x.name === zone);
  if (!z) return false;
  const iface = objects(z.interfaces).find((i) => i.name === ifName);
  return permits(iface?.['host-inbound-traffic'] as ConfigObject | undefined, service) ?? permits(z['host-inbound-traffic'] as ConfigObject | undefined, service) ?? false;
}

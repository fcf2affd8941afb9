// What arrives on the NAT-T port (RFC 3948 2.2-2.3): IKE behind a 4-byte zero non-ESP
// marker, ESP starting with its non-zero SPI, or a 1-byte 0xFF NAT keepalive. Apply it on
// any port that may carry NAT-T traffic: an IKE initiator cookie is never zero, so the
// marker is unambiguous (peers have been seen to float only their own port).

/** IKE's own port, and the NAT-T port that IKE floats to and ESP-in-UDP uses (RFC 3947 4). */
export const IKE_PORT = 500;
export const NAT_T_PORT = 4500;
export const NON_ESP_MARKER_LENGTH = 4;
const ESP_HEADER_LENGTH = 8; // SPI + sequence number
/** RFC 3948 2.3: the whole NAT-keepalive datagram. */
export const NAT_KEEPALIVE = Buffer.from([0xff]);

export type NatTDatagram =
  | { kind: 'ike'; message: Buffer }
  | { kind: 'esp'; packet: Buffer }
  | { kind: 'keepalive' }
  | { kind: 'invalid'; reason: string };

/** Prefix an encoded IKE message for sending on the NAT-T port. */
export function addNonEspMarker(ike: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(NON_ESP_MARKER_LENGTH), ike]);
}

export function classifyNatTDatagram(datagram: Buffer): NatTDatagram {
  if (datagram.equals(NAT_KEEPALIVE)) return { kind: 'keepalive' };
  if (datagram.length >= NON_ESP_MARKER_LENGTH && datagram.readUInt32BE(0) === 0) {
    return { kind: 'ike', message: datagram.subarray(NON_ESP_MARKER_LENGTH) };
  }
  if (datagram.length >= ESP_HEADER_LENGTH) return { kind: 'esp', packet: datagram };
  return { kind: 'invalid', reason: `${datagram.length}-byte datagram is neither marked IKE, ESP nor a keepalive` };
}

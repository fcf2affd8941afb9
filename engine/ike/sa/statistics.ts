// Engine-wide IKE counters (datagrams in and out, what was dropped and why).
export interface IkeStatistics {
  packetsReceived: number;
  packetsSent: number;
  retransmissions: number;
  duplicatesReceived: number;
  /** Undecodable: bad header, bad payload chain, failed decryption of unknown origin. */
  malformedReceived: number;
  /** Decodable but unusable: unknown cookies, no gateway, unexpected exchange. */
  droppedReceived: number;
  phase1Started: number;
  phase1Succeeded: number;
  phase1Failed: number;
  phase2Started: number;
  phase2Succeeded: number;
  phase2Failed: number;
  notifiesSent: number;
  notifiesReceived: number;
  deletesSent: number;
  deletesReceived: number;
  dpdRequestsSent: number;
  dpdRequestsReceived: number;
  dpdAcksSent: number;
  dpdAcksReceived: number;
  /** Bugs caught at the receive() boundary (should stay 0). */
  internalErrors: number;
}

export function emptyStatistics(): IkeStatistics {
  return {
    packetsReceived: 0,
    packetsSent: 0,
    retransmissions: 0,
    duplicatesReceived: 0,
    malformedReceived: 0,
    droppedReceived: 0,
    phase1Started: 0,
    phase1Succeeded: 0,
    phase1Failed: 0,
    phase2Started: 0,
    phase2Succeeded: 0,
    phase2Failed: 0,
    notifiesSent: 0,
    notifiesReceived: 0,
    deletesSent: 0,
    deletesReceived: 0,
    dpdRequestsSent: 0,
    dpdRequestsReceived: 0,
    dpdAcksSent: 0,
    dpdAcksReceived: 0,
    internalErrors: 0,
  };
}

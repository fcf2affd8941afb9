// Release profiles for the `show security ike/ipsec` family: which table layout, detail
// block and counter alignment each Junos generation prints. The seed's 12.x shape is the
// default; a later release is another object, not another formatter.
import { ACTIVE_PEER_PROFILE, type ActivePeerProfile } from './active-peer-view.ts';
import { IKE_SA_PROFILE_12, IKE_SA_PROFILE_24, type IkeSaProfile } from './ike-sa-view.ts';
import { IPSEC_SA_PROFILE_12, IPSEC_SA_PROFILE_24, type IpsecSaProfile } from './ipsec-sa-view.ts';
import { IPSEC_STATISTICS_PROFILE_12, IPSEC_STATISTICS_PROFILE_RECENT, type IpsecStatisticsProfile } from './ipsec-statistics-view.ts';

export interface SecurityShowProfile {
  name: string;
  ikeSa: IkeSaProfile;
  ipsecSa: IpsecSaProfile;
  ipsecStatistics: IpsecStatisticsProfile;
  activePeer: ActivePeerProfile;
}

export const JUNOS_12_PROFILE: SecurityShowProfile = {
  name: '12.1',
  ikeSa: IKE_SA_PROFILE_12,
  ipsecSa: IPSEC_SA_PROFILE_12,
  ipsecStatistics: IPSEC_STATISTICS_PROFILE_12,
  activePeer: ACTIVE_PEER_PROFILE,
};

/** Brief tables and counters of 12.1X46 .. 24.4 (detail blocks still the 12.x ones). */
export const JUNOS_24_PROFILE: SecurityShowProfile = {
  name: '24.4',
  ikeSa: IKE_SA_PROFILE_24,
  ipsecSa: IPSEC_SA_PROFILE_24,
  ipsecStatistics: IPSEC_STATISTICS_PROFILE_RECENT,
  activePeer: ACTIVE_PEER_PROFILE,
};

export const DEFAULT_SECURITY_SHOW_PROFILE = JUNOS_12_PROFILE;

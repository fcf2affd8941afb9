import test from 'ava';
import { configureBoth, Lab } from './ike-v1-lab.ts';

for (const pfs of [true, false]) {
  test(`Main Mode + Quick Mode ${pfs ? 'with' : 'without'} PFS: cookies agree, SPIs mirrored, keys match`, (t) => {
    const lab = new Lab();
    configureBoth(lab, pfs ? {} : { phase2: { pfsGroup: undefined } }, pfs ? {} : { phase2: { pfsGroup: undefined } });
    const [ikeA] = lab.A.ikeSas();
    const [ikeB] = lab.B.ikeSas();
    t.is(lab.A.ikeSas().length, 1);
    t.is(lab.B.ikeSas().length, 1);
    t.is(ikeA.state, 'UP');
    t.is(ikeB.state, 'UP');
    t.is(ikeA.role, 'initiator');
    t.is(ikeB.role, 'responder');
    t.is(ikeA.mode, 'Main');
    t.is(ikeA.initiatorCookie, ikeB.initiatorCookie);
    t.is(ikeA.responderCookie, ikeB.responderCookie);
    t.not(ikeA.responderCookie, '0000000000000000');
    t.is(ikeA.encryptionAlgorithm, '3des-cbc');
    t.is(ikeA.authenticationAlgorithm, 'md5');
    t.is(ikeA.dhGroup, 'group2');
    t.is(ikeA.lifetimeSeconds, 600);
    t.is(ikeA.remoteIdentity, 'ipv4 10.0.0.2');
    t.is(ikeB.remoteIdentity, 'ipv4 10.0.0.1');

    const [sa] = lab.A.ipsecSas();
    const [sb] = lab.B.ipsecSas();
    t.is(lab.A.ipsecSas().length, 1);
    t.is(lab.B.ipsecSas().length, 1);
    t.is(sa.inbound.spi, sb.outbound.spi);
    t.is(sa.outbound.spi, sb.inbound.spi);
    t.not(sa.inbound.spi, sa.outbound.spi);
    t.deepEqual(sa.outbound.encryptionKey, sb.inbound.encryptionKey);
    t.deepEqual(sa.outbound.integrityKey, sb.inbound.integrityKey);
    t.deepEqual(sa.inbound.encryptionKey, sb.outbound.encryptionKey);
    t.deepEqual(sa.inbound.integrityKey, sb.outbound.integrityKey);
    t.notDeepEqual(sa.inbound.encryptionKey, sa.outbound.encryptionKey);
    t.is(sa.outbound.encryptionKey.length, 24);
    t.is(sa.outbound.integrityKey.length, 16);
    t.is(sa.algorithm, 'ESP:3des/md5');
    t.is(sa.pfsGroup, pfs ? 'group2' : undefined);
    t.is(sa.lifetimeSeconds, 3200);
    t.is(sa.index, 2);
    t.is(sa.port, 500);
    t.is(sa.remoteAddress, '10.0.0.2');

    // 6 Main Mode + 3 Quick Mode messages, nothing retransmitted.
    t.is(lab.wire.length, 9);
    t.is(lab.A.statistics().retransmissions, 0);
    t.is(lab.A.statistics().phase2Succeeded, 1);
    t.true(lab.messages('A').some((m) => m.startsWith('IKE Phase-1 Negotiation: Succeeded: gateway ike-phase1-gateway')));
    t.true(lab.messages('B').some((m) => m.startsWith('IKE Phase-2 Negotiation: Succeeded: vpn TunnelA')));
  });
}

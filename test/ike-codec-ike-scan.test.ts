// ike-scan as an independent decoder of what our encoder writes: a loopback-only responder
// decodes ike-scan's probe and answers with encodeMessage output, and ike-scan must parse
// the answer. Outside CI it is skipped where ike-scan is not installed (`apt-get install
// ike-scan`); in CI (.ci/run installs it) a missing ike-scan fails the run.

import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { promisify } from 'node:util';
import {
  decodeMessage,
  encodeMessage,
  NotifyType,
  PayloadType,
  ProtocolId,
  vendorIdBytes,
  type Message,
  type Payload,
  type SaPayload,
} from '../engine/ike/codec/index.ts';

const hasIkeScan = spawnSync('ike-scan', ['--version']).status === 0;
const onlyWithIkeScan = hasIkeScan || process.env.CI ? test.serial : test.skip;

/** Run ike-scan against a responder on 127.0.0.1 that answers with `answer(probe)`. */
async function scanWith(answer: (probe: Message) => Payload[], args: string[] = []): Promise<string> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (datagram, from) => {
    const probe = decodeMessage(datagram);
    if (!probe.ok) return;
    const responderCookie = Buffer.from('5253545556575859', 'hex');
    const reply = encodeMessage({ header: { ...probe.value.header, responderCookie }, payloads: answer(probe.value) });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const { stdout } = await promisify(execFile)('ike-scan', ['-s', '0', '-r', '1', '-t', '500', '-d', String(socket.address().port), ...args, '127.0.0.1']);
    return stdout;
  } finally {
    socket.close();
  }
}

onlyWithIkeScan('ike-scan parses our Main Mode answer: chosen transform and DPD vendor ID', async (t) => {
  const out = await scanWith((probe) => {
    // Choose ike-scan's first transform (3DES/SHA1/PSK/group 2), as a responder would.
    const sa = probe.payloads.find((p): p is SaPayload => p.type === PayloadType.SA);
    if (!sa) return [];
    const [offer] = sa.proposals;
    return [{ ...sa, proposals: [{ ...offer!, transforms: offer!.transforms.slice(0, 1) }] }, { type: PayloadType.VID, data: vendorIdBytes('Dpd') }];
  });
  t.regex(out, /Main Mode Handshake returned/);
  t.regex(out, /HDR=\(CKY-R=5253545556575859\)/);
  t.regex(out, /SA=\(Enc=3DES Hash=SHA1 Auth=PSK Group=2:modp1024 LifeType=Seconds LifeDuration\(4\)=0x00007080\)/);
  t.regex(out, /VID=afcad71368a1f1c96b8696fc77570100 \(Dead Peer Detection v1\.0\)/);
});

onlyWithIkeScan('ike-scan parses our NO-PROPOSAL-CHOSEN notify', async (t) => {
  const out = await scanWith(() => [
    { type: PayloadType.N, doi: 1, protocolId: ProtocolId.Isakmp, spi: Buffer.alloc(0), notifyType: NotifyType.NoProposalChosen, data: Buffer.alloc(0) },
  ]);
  t.regex(out, /Notify message 14 \(NO-PROPOSAL-CHOSEN\)/);
});

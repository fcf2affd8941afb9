// The SSH host key: generated on first start and kept in the device's state directory, so
// clients see the same key every time. Written atomically (temp file, fsync, rename): a
// crash mid-write leaves either no key or a whole one.
import { generateKeyPair } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const HOST_KEY_FILE = 'ssh_host_rsa_key';

export async function loadOrCreateHostKey(stateDir: string): Promise<string> {
  const path = join(stateDir, HOST_KEY_FILE);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // PKCS#1 PEM: a format ssh2 parses (it does not read PKCS#8). Generated off the event
  // loop: a lab starts many devices at once.
  const { privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  await mkdir(stateDir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(privateKey);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  return privateKey;
}

import { container, enumOf, flag, key, leaf, list, str, uint, type Decl } from './types.ts';
import { hostname } from './common.ts';

const cryptHash = { kind: 'secret', encoding: 'crypt' } as const;
const sshKey = str({ pattern: /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+( .*)?$/, patternMessage: 'Invalid public key' });

const authentication = (help: string): Decl =>
  container('authentication', help, [
    leaf('encrypted-password', cryptHash, 'Encrypted password string', { choice: 'password' }),
    flag('plain-text-password', 'Prompt for plain text password (autoencrypted)', { choice: 'password' }),
    list('ssh-rsa', 'Secure shell (ssh) RSA public key string', [key('name', sshKey, 'Secure shell (ssh) RSA public key string')], []),
    list('ssh-ed25519', 'Secure shell (ssh) EDDSA public key string', [key('name', sshKey, 'Secure shell (ssh) EDDSA public key string')], []),
  ]);

export const system = container('system', 'System parameters', [
  leaf('host-name', hostname, 'Hostname for this router'),
  { ...authentication('Authentication information for the root account'), name: 'root-authentication' },
  container('login', 'Names, login classes, and passwords for users', [
    list('user', 'Username', [key('name', str({ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, patternMessage: 'Must be a valid user name' }), 'Username')], [
      leaf('full-name', str(), 'Full name'),
      leaf('uid', uint(100, 64000), 'User identifier (uid) (100..64000)'),
      leaf('class', enumOf(
        ['operator', 'permissions [ clear network reset trace view ]'],
        ['read-only', 'permissions [ view ]'],
        ['super-user', 'permissions [ all ]'],
        ['unauthorized', 'permissions [ none ]'],
      ), 'Login class', { mandatory: true }),
      authentication('Authentication method'),
    ]),
  ]),
  container('services', 'System services', [
    container('ssh', 'Allow ssh access', [
      leaf('root-login', enumOf(['allow', 'Allow root access via ssh'], ['deny', 'Do not allow root access via ssh'], ['deny-password', 'Allow for non-password-based authentication methods only']), 'Configure root access via ssh'),
      leaf('connection-limit', uint(1, 250), 'Maximum number of allowed connections (1..250)'),
    ], { presence: true }),
    container('netconf', 'Allow NETCONF connections', [
      container('ssh', 'Allow NETCONF over SSH', [leaf('port', uint(1, 65535), 'Service port number (1..65535)')], { presence: true }),
    ], { presence: true }),
  ]),
]);

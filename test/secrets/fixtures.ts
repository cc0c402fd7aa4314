import * as crypto from 'crypto';
import { Chart } from 'cdk8s';
import { appWithDefaults } from '../harness';

/** Plaintext values the tests know, so they can look for them in the output. None may ever appear there. */
export const DB_PASSWORD = 's3cr3t-T3ST-value';
export const API_KEY = 'api-K3Y-T3ST-0042';
export const PLAINTEXTS = [DB_PASSWORD, API_KEY];

export const IRSA_ROLE = 'arn:aws:iam::123456789012:role/shop-secrets';
export const GSA = 'shop-secrets@payments-prod.iam.gserviceaccount.com';
export const AZURE_CLIENT = '11111111-2222-3333-4444-555555555555';
export const AZURE_TENANT = '66666666-7777-8888-9999-000000000000';

/** A chart in namespace `shop` of an App with resource defaults. */
export const shopChart = () => new Chart(appWithDefaults(), 'shop', { namespace: 'shop' });

/** The sealing controller's key pair (2048 bits keeps the tests fast; kubeseal's default is 4096). */
export const CONTROLLER_KEY = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * What `kubeseal --raw` does: RSA-OAEP(SHA-256) wraps a random AES-256 session key, labelled with the sealing scope
 * (`<namespace>/<name>` strict, `<namespace>` namespace-wide, empty cluster-wide), then AES-GCM with a zero nonce seals the
 * value; the output is base64 of the 2-byte key length, the wrapped key and the sealed value.
 */
export function seal(plaintext: string, label: string): string {
  const sessionKey = crypto.randomBytes(32);
  const wrapped = crypto.publicEncrypt({ key: CONTROLLER_KEY.publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) }, sessionKey);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length);
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  return Buffer.concat([length, wrapped, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

/** What the controller does, to show the test's ciphertext really holds the value. */
export function unseal(ciphertext: string, label: string): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  const length = bytes.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt({ key: CONTROLLER_KEY.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) },
    bytes.subarray(2, 2 + length));
  const sealed = bytes.subarray(2 + length);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
}

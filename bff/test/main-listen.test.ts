/**
 * The production entry point (src/main.ts) as a supplier starts it: configuration from the
 * environment only. It listens where HOST says, loopback unless told otherwise.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  APIM_INT_TOKEN_URL,
  CIS2_CLIENT_ID,
  CIS2_INT_ISSUER,
  INT_ERS_BASE,
  PUBLIC_ORIGIN,
} from './support/test-config';

const bffDir = fileURLToPath(new URL('..', import.meta.url));
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** Starts main.ts, waits for its "listening" log line, stops it; returns that line. */
function listeningLine(extra: Record<string, string>): Promise<{ host: string; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: bffDir,
    env: {
      PATH: process.env.PATH,
      PUBLIC_ORIGIN,
      CIS2_ISSUER: CIS2_INT_ISSUER,
      CIS2_CLIENT_ID,
      APIM_TOKEN_URL: APIM_INT_TOKEN_URL,
      APIM_API_KEY: 'apim-test-api-key',
      ERS_BASE_URL: INT_ERS_BASE,
      ERS_OBJECT_STORE_HOSTS: 'ers-attachments.s3.eu-west-2.amazonaws.com',
      SIGNING_KEY_PEM: privateKey,
      SIGNING_KEY_ID: 'main-listen-test',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`main.ts did not report listening:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((entry) => entry.includes('BFF listening'));
      if (!line) return;
      clearTimeout(timer);
      child.kill('SIGTERM');
      resolve(JSON.parse(line) as { host: string; port: number });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes('BFF listening'))
        reject(new Error(`main.ts exited ${code}:\n${output}`));
    });
  });
}

describe('main.ts', () => {
  it('listens on loopback when HOST is not set', async () => {
    expect((await listeningLine({})).host).toBe('127.0.0.1');
  }, 30_000);

  it('listens where HOST says', async () => {
    expect((await listeningLine({ HOST: '0.0.0.0' })).host).toBe('0.0.0.0');
  }, 30_000);
});

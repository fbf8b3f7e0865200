/**
 * The SPA's files, precompressed: each served as the best copy the client accepts (brotli, then
 * gzip, then as built), with its own type, the length of what is sent, and `Vary:
 * Accept-Encoding`; a refused coding (q=0) is never sent.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, spaRoutes } from './spa';

const SCRIPT = `export const greeting = ${JSON.stringify('hello '.repeat(200))};\n`;
const STYLE = 'body { margin: 0 }\n';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'spa-test-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>SPA</title>');
  await writeFile(join(dist, 'assets', 'app.js'), SCRIPT);
  await writeFile(join(dist, 'assets', 'app.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(join(dist, 'assets', 'app.js.gz'), gzipSync(SCRIPT));
  // No precompressed copies: served as built.
  await writeFile(join(dist, 'assets', 'app.css'), STYLE);
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

async function get(path: string, acceptEncoding?: string) {
  const app = spaRoutes(dist);
  const response = await app.request(
    path,
    acceptEncoding === undefined ? {} : { headers: { 'Accept-Encoding': acceptEncoding } },
  );
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body };
}

describe('spaRoutes: precompressed files', () => {
  it('sends brotli to a client that accepts it, typed and sized as sent', async () => {
    const { response, body } = await get('/assets/app.js', 'gzip, deflate, br, zstd');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-length')).toBe(String(body.byteLength));
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(body.byteLength).toBeLessThan(Buffer.byteLength(SCRIPT));
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT);
  });

  it('sends gzip when brotli is not accepted or is refused with q=0', async () => {
    for (const header of ['gzip', 'br;q=0, gzip;q=0.8', 'gzip, deflate']) {
      const { response, body } = await get('/assets/app.js', header);
      expect(response.headers.get('content-encoding'), header).toBe('gzip');
      expect(response.headers.get('content-length'), header).toBe(String(body.byteLength));
      expect(gunzipSync(body).toString(), header).toBe(SCRIPT);
    }
  });

  it('sends the file as built when no coding it has is accepted', async () => {
    for (const header of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const { response, body } = await get('/assets/app.js', header);
      expect(response.headers.get('content-encoding'), String(header)).toBeNull();
      expect(response.headers.get('content-length'), String(header)).toBe(
        String(Buffer.byteLength(SCRIPT)),
      );
      expect(response.headers.get('vary'), String(header)).toBe('Accept-Encoding');
      expect(body.toString(), String(header)).toBe(SCRIPT);
    }
  });

  it('sends a file without precompressed copies as built, whatever is accepted', async () => {
    const { response, body } = await get('/assets/app.css', 'br, gzip');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/css/);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(STYLE)));
    expect(body.toString()).toBe(STYLE);
  });
});

describe('acceptedEncodings', () => {
  it('reads codings and q-values as RFC 9110 section 12.5.3 defines them', () => {
    expect([...acceptedEncodings('gzip, br')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('BR;Q=1.0, gzip;q=0')]).toEqual(['br']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*;q=0')]).toEqual([]);
    expect([...acceptedEncodings('br;q=0, *')]).toEqual(['gzip']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});

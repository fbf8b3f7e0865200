/**
 * The short-lived object store behind A042: e-RS answers `GET /R4/Binary/{id}` with a 307 to a
 * pre-signed URL, and the file is fetched from there. Here the URL points back at the stand-in
 * (`/object-store/{key}?expires=...&signature=...`); it serves the bytes once, with the file's
 * Content-Type, and refuses after it expires (a few seconds) or once used. Refusals look like an
 * S3 pre-signed URL's: XML with an error code.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentFixture } from '@ers/fixtures/attachments';

export const OBJECT_STORE_PATH = '/object-store/';

type Entry = { attachment: AttachmentFixture; expiresAt: number; used: boolean };

export type ObjectStoreRequest = {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
};

function s3Error(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/xml', 'cache-control': 'no-store' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
  return status;
}

/** RFC 6266 filename, ASCII fallback plus UTF-8. */
const contentDisposition = (title: string) =>
  `attachment; filename="${title.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(title)}`;

export function createObjectStore(options: { origin: string; ttlMs: number; now: () => number }) {
  const secret = randomBytes(32);
  const entries = new Map<string, Entry>();
  const requests: ObjectStoreRequest[] = [];
  const sign = (key: string, expires: string) =>
    createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');

  return {
    requests,
    /** A fresh URL for one download of the attachment. */
    issue(attachment: AttachmentFixture): string {
      const key = randomBytes(16).toString('hex');
      const expiresAt = options.now() + options.ttlMs;
      entries.set(key, { attachment, expiresAt, used: false });
      const expires = String(expiresAt);
      return `${options.origin}${OBJECT_STORE_PATH}${key}?expires=${expires}&signature=${sign(key, expires)}`;
    },
    handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
      const record = (status: number) =>
        requests.push({ path, headers: { ...req.headers }, status });
      if (req.method !== 'GET') {
        record(s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed'));
        return;
      }
      const key = path.slice(OBJECT_STORE_PATH.length);
      const entry = entries.get(key);
      if (!entry) {
        record(s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.'));
        return;
      }
      const expires = query.get('expires') ?? '';
      const given = Buffer.from(query.get('signature') ?? '');
      const expected = Buffer.from(sign(key, expires));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        record(s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature is invalid.'));
        return;
      }
      if (options.now() > entry.expiresAt) {
        record(s3Error(res, 403, 'AccessDenied', 'Request has expired'));
        return;
      }
      if (entry.used) {
        record(s3Error(res, 403, 'AccessDenied', 'Request has already been used'));
        return;
      }
      entry.used = true;
      const bytes = entry.attachment.bytes();
      res.writeHead(200, {
        'content-type': entry.attachment.contentType,
        'content-length': String(bytes.length),
        'content-disposition': contentDisposition(entry.attachment.title),
        'cache-control': 'no-store',
      });
      res.end(bytes);
      record(200);
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;

/**
 * How a file from e-RS (an attachment, the clinical information PDF) is handed to the browser:
 * only types on an allowlist keep their type (anything else downloads as octet-stream), PDFs
 * open inline and everything else downloads, the name is sanitised and encoded per RFC 6266,
 * nothing is cached, and the file is sandboxed by CSP so an HTML or SVG smuggled in as a
 * "document" cannot run script on our origin. The app's security headers
 * (http/security-headers.ts) give any response with a Content-Disposition this CSP too,
 * whatever its route set.
 */

/** Types e-RS accepts as attachments that a browser may be told as they are. No HTML, no SVG. */
const ALLOWED_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/tiff',
  'image/bmp',
  'text/plain',
  'text/rtf',
  'application/rtf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

export const OCTET_STREAM = 'application/octet-stream';

/**
 * The CSP every file is served with. `sandbox` gives the document an opaque origin with no
 * script, forms or plugins-by-default; `default-src 'none'` loads nothing else.
 */
export const FILE_CSP =
  "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** `Application/PDF; name=x` -> `application/pdf`; off the allowlist -> octet-stream. */
export function servedContentType(upstream: string | undefined): string {
  const [essence = '', ...parameters] = (upstream ?? '').split(';');
  const type = essence.trim().toLowerCase();
  if (!ALLOWED_TYPES.has(type)) return OCTET_STREAM;
  if (type !== 'text/plain') return type;
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*"?([A-Za-z0-9._-]{1,40})"?\s*$/i.exec(parameter)?.[1])
    .find(Boolean);
  return charset ? `text/plain; charset=${charset.toLowerCase()}` : type;
}

const MAX_NAME_LENGTH = 120;

/**
 * A file name safe on every OS and in the header: no path, no control or reserved characters,
 * no leading dots, not too long (the extension kept).
 */
export function sanitiseFilename(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    // Control characters and what Windows refuses in names.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we remove
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!cleaned) return fallback;
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

/** RFC 8187 value-chars: everything but attr-char percent-encoded. */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 6266: an ASCII `filename` for old clients and `filename*` in UTF-8 for the rest.
 * `name` must already be sanitised.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|[%\\"]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

export type FileHeaders = Record<string, string>;

/** Every header a file response carries; PDFs open in the browser, anything else downloads. */
export function fileHeaders(options: {
  upstreamType: string | undefined;
  filename: string;
  contentLength?: number | undefined;
}): FileHeaders {
  const type = servedContentType(options.upstreamType);
  return {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(
      type === 'application/pdf' ? 'inline' : 'attachment',
      options.filename,
    ),
    ...(options.contentLength === undefined
      ? {}
      : { 'Content-Length': String(options.contentLength) }),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': FILE_CSP,
  };
}

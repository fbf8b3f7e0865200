/**
 * `returnTo` is attacker-controlled input that ends up in a Location header, so only a
 * same-origin relative path passes (RFC 9700 §4.11: no open redirectors).
 */
export const DEFAULT_RETURN_TO = '/referrals/find';

/**
 * It rides in the sealed login cookie, which must stay within the 4096 bytes browsers keep
 * (RFC 6265 §6.1, ASVS 3.3.5); no page of the SPA has a path anywhere near this long.
 */
export const MAX_RETURN_TO_LENGTH = 2048;

export function safeReturnTo(value: string | undefined | null): string {
  // Measured before parsing, so a flood of huge values costs no parser work either.
  if (!value || value.length > MAX_RETURN_TO_LENGTH) return DEFAULT_RETURN_TO;
  // One leading slash and nothing a browser would read as another host: `//evil`, `/\evil`,
  // control characters (browsers strip tabs/newlines inside URLs).
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return DEFAULT_RETURN_TO;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_RETURN_TO;
  // The URL parser is the final word: it must stay on our origin.
  const probe = new URL(value, 'https://bff.invalid');
  if (probe.origin !== 'https://bff.invalid') return DEFAULT_RETURN_TO;
  // Check the normalised path again: removing dot segments turns `/.//evil` into `//evil`.
  const path = `${probe.pathname}${probe.search}${probe.hash}`;
  if (path.startsWith('//') || path.startsWith('/\\')) return DEFAULT_RETURN_TO;
  // Percent-encoding can make the normalised path up to nine times longer (`é` → `%C3%A9`).
  return path.length > MAX_RETURN_TO_LENGTH ? DEFAULT_RETURN_TO : path;
}

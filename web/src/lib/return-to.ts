/** Where the user goes after signing in when nothing else was asked for. */
export const DEFAULT_SIGNED_IN_PATH = '/referrals/find';

/**
 * A same-origin relative path, or null: it must start with one `/` (not `//` or `/\`, which
 * browsers treat as another origin) and hold no whitespace, control characters or backslashes
 * (the BFF checks the same again).
 */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value?.startsWith('/')) return null;
  if (value.startsWith('//') || value.startsWith('/\\')) return null;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || char === '\\' || /\s/.test(char)) return null;
  }
  return value;
}

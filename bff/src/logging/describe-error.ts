/**
 * An expected failure in one line: what it was and why, without the stack. A refused sign-in or
 * an e-RS refusal is a known path through our code; its stack says nothing and, multiplied by
 * every refusal, buries the log lines that do need one (`unhandled error`, which keeps it).
 */
export function describeError(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (!(error instanceof Error)) return typeof error === 'string' ? error : JSON.stringify(error);
  const {
    code,
    error: oauthError,
    error_description: oauthDescription,
  } = error as { code?: unknown; error?: unknown; error_description?: unknown };
  // oauth4webapi's errors carry a code; an OAuth error response also its `error` and, naming the
  // check that failed (`invalid_grant` alone covers a used code and a PKCE mismatch alike), its
  // `error_description` (RFC 6749 §5.2).
  const codes = [code, oauthError].filter((value) => typeof value === 'string').join(' ');
  const described = typeof oauthDescription === 'string' ? ` (${oauthDescription})` : '';
  const own = `${error.name}${codes ? ` ${codes}` : ''}: ${error.message}${described}`;
  const cause = error.cause instanceof Error ? describeError(error.cause) : undefined;
  return (cause ? `${own} (cause: ${cause})` : own).replace(/\s*\n\s*/g, ' ');
}

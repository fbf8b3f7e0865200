/** The problem+json body of a response; anything else fails the test with what came instead. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/problem+json')) {
    throw new Error(`expected a problem, got ${response.status} ${type}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

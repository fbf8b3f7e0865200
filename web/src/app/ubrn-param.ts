import type { Problem } from '@ers/shared/problem';
import { parseUbrn, type Ubrn } from '@ers/shared/ubrn';
import { ApiError } from '@/lib/api-client';

/**
 * A route's `:ubrn` param as a UBRN, or the same problem the BFF would give for it, thrown for the
 * route's error page (so a mistyped URL reads like a mistyped search, with an example of the
 * right shape).
 */
export function ubrnFromParam(param: string | undefined, example: string): Ubrn {
  const result = parseUbrn(param ?? '');
  if (result.ok) return result.ubrn;
  const problem: Problem = {
    type: 'about:blank',
    title: 'Invalid UBRN',
    status: 400,
    code: 'invalid_ubrn',
    detail: `${result.message}, for example ${example}.`,
  };
  throw new ApiError(problem);
}

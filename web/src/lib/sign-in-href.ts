import { bffPaths } from '@ers/shared/bff-contract';

/**
 * The demo's own sign-in page (`dev:mock` only, `testing/demo-sign-in-page.tsx`): with no BFF,
 * nothing answers the navigation to `/bff/login`. `import.meta.env.MODE` is replaced at build
 * time, so in any other build the demo's branches below are removed.
 */
export const DEMO_SIGN_IN_PATH = '/demo-sign-in';

/** The sign-in: a top-level navigation to the BFF, which runs the CIS2 sign-in. */
export function signInHref(returnTo: string): string {
  const path = import.meta.env.MODE === 'mock' ? DEMO_SIGN_IN_PATH : bffPaths.login;
  return `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * Sign in again through CIS2, choosing another role. No `returnTo`: the page it is chosen on
 * belongs to the old role, so the BFF ends the sign-in on the start page, which picks the new
 * role's first page.
 */
export function changeRoleHref(): string {
  return import.meta.env.MODE === 'mock'
    ? `${DEMO_SIGN_IN_PATH}?changeRole=true`
    : `${bffPaths.login}?changeRole=true`;
}

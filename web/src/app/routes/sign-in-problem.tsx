import { Link, useSearchParams } from 'react-router';
import { SIGN_IN_PROBLEM_REASONS, type SignInProblemReason } from '@ers/shared/bff-contract';
import { PageLayout } from '@/components/page-layout';

/** What each refused sign-in means for the person in front of the screen, and what to do. */
const PROBLEMS: Record<SignInProblemReason, { heading: string; body: string[] }> = {
  invalid_callback: {
    heading: 'Your sign-in did not finish',
    body: [
      'This can happen if you used the back button, signed in from an old tab, or took too long.',
      'Sign in again.',
    ],
  },
  access_denied: {
    heading: 'You did not finish signing in',
    body: ['Sign in again when you are ready.'],
  },
  cis2_unavailable: {
    heading: 'NHS Care Identity Service 2 is not available',
    body: ['We could not reach the NHS sign-in service. Try again in a few minutes.'],
  },
  low_identity_assurance: {
    heading: 'We could not verify your identity to the level e-Referrals needs',
    body: [
      'Your NHS identity has not been checked to the level needed to view referrals (identity assurance level 3).',
      'Contact your local Registration Authority or IT department for help.',
    ],
  },
  low_authentication_assurance: {
    heading: 'Use a different way to sign in',
    body: [
      'e-Referrals needs a stronger sign-in method than the one you used, such as your smartcard, the NHS Identity app, Windows Hello or a security key.',
      'Sign in again with one of these. If you do not have one, contact your local Registration Authority.',
    ],
  },
  no_roles: {
    heading: 'You do not have a role that can use e-Referrals',
    body: [
      'Your NHS smartcard account has no roles.',
      'Contact your local Registration Authority to be given a role.',
    ],
  },
  role_not_selected: {
    heading: 'Select a role to continue',
    body: ['You hold several roles. Sign in again and select the role you are working in.'],
  },
  malformed_role: {
    heading: 'There is a problem with your role',
    body: [
      'The role you selected could not be read.',
      'Sign in again. If this keeps happening, contact your local Registration Authority.',
    ],
  },
  token_exchange_failed: {
    heading: 'Sorry, we could not connect you to e-Referrals',
    body: [
      'You signed in, but the NHS API platform did not let us continue. Try again in a few minutes.',
    ],
  },
};

function isReason(value: string | null): value is SignInProblemReason {
  return (SIGN_IN_PROBLEM_REASONS as readonly string[]).includes(value ?? '');
}

export function Component() {
  const [params] = useSearchParams();
  const reason = params.get('reason');
  const problem = PROBLEMS[isReason(reason) ? reason : 'invalid_callback'];
  return (
    <PageLayout>
      <title>{`${problem.heading} - e-Referrals`}</title>
      <h1>{problem.heading}</h1>
      {problem.body.map((paragraph) => (
        <p className="nhsuk-body" key={paragraph}>
          {paragraph}
        </p>
      ))}
      <p className="nhsuk-body">
        <Link to="/">Sign in again</Link>
      </p>
    </PageLayout>
  );
}

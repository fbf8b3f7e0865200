import { Link, useSearchParams } from 'react-router';
import { SESSION_END_REASONS, type SessionEndReason } from '@ers/shared/bff-contract';
import { PageLayout } from '@/components/page-layout';
import { signInPagePath } from '@/lib/return-to';

type Explanation = { heading: string; body: string[] };

/** Why the session ended, said to the person who was using it, and what happens now. */
const EXPLANATIONS: Record<SessionEndReason, Explanation> = {
  idle: {
    heading: 'You were signed out because you were inactive',
    body: [
      'To protect patient information, we sign you out when you have not used e-Referrals for a while.',
      'Sign in again to carry on.',
    ],
  },
  absolute: {
    heading: 'Your session has reached its time limit',
    body: [
      'For security, you can only stay signed in to e-Referrals for a set time, even while you are using it.',
      'Sign in again to carry on.',
    ],
  },
  replaced: {
    heading: 'You signed in somewhere else',
    body: [
      'You can only be signed in to e-Referrals in one place at a time. You started a new session on another computer, device or browser, so this one was ended.',
      'If this was not you, contact your local IT service desk.',
    ],
  },
  signed_out_elsewhere: {
    heading: 'You have been signed out',
    body: [
      'You signed out of NHS Care Identity Service 2, for example by removing your smartcard or signing out of another NHS application, so you were signed out of e-Referrals too.',
    ],
  },
  restarted: {
    heading: 'Your session ended because the service restarted',
    body: [
      'The e-Referrals service was restarted, for example to install an update, and that ended everyone’s session. It was not caused by anything you did.',
      'Sign in again to carry on.',
    ],
  },
};

const UNKNOWN_REASON: Explanation = {
  heading: 'You have been signed out',
  body: ['Your session has ended.'],
};

function isReason(value: string | null): value is SessionEndReason {
  return (SESSION_END_REASONS as readonly string[]).includes(value ?? '');
}

export function Component() {
  const [params] = useSearchParams();
  const reason = params.get('reason');
  const { heading, body } = isReason(reason) ? EXPLANATIONS[reason] : UNKNOWN_REASON;
  return (
    <PageLayout>
      <title>{`${heading} - e-Referrals`}</title>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>{heading}</h1>
          {body.map((paragraph) => (
            <p className="nhsuk-body" key={paragraph}>
              {paragraph}
            </p>
          ))}
          <p className="nhsuk-body">
            <Link to={signInPagePath(params.get('returnTo'))}>Sign in again</Link>
          </p>
        </div>
      </div>
    </PageLayout>
  );
}

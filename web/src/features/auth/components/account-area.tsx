import type { ActingAs, SignedInUser } from '@ers/shared/bff-contract';
import { actingForText } from '@/lib/clinician';
import { changeRoleHref } from '@/lib/sign-in-href';
import { useSignOut } from '../api/logout';
import { describeBusinessFunction } from '@/lib/business-function';

export function organisationLabel(user: SignedInUser): string {
  return `${user.organisation.name} (${user.organisation.odsCode})`;
}

/**
 * How the user is working in e-RS, beside the CIS2 role it may differ from: the organisation is
 * named when it is not the CIS2 role's (e-RS A030 may list pairs elsewhere).
 */
export function actingLabel(user: SignedInUser, actingAs: ActingAs): string {
  const role = describeBusinessFunction(actingAs.businessFunction);
  return actingAs.odsCode === user.organisation.odsCode ? role : `${role} at ${actingAs.odsCode}`;
}

/**
 * "Change role" is a CIS2 choice, so only for a user holding more than one CIS2 role; another
 * e-RS role or organisation under the same CIS2 role is "Change how you are working".
 */
export function canChangeRole(user: SignedInUser): boolean {
  return (user.otherRoles?.length ?? 0) > 0;
}

/**
 * The NHS header's account area: who is signed in, in which role, for an SPC admin the clinician
 * they act for, and the links to change role and sign out.
 */
export function AccountArea({ user }: { user: SignedInUser }) {
  const signOut = useSignOut();
  const onBehalfOf = user.actingAs?.onBehalfOf;

  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        <li className="nhsuk-header__account-item">
          <svg
            className="nhsuk-icon nhsuk-icon--user"
            xmlns="http://www.w3.org/2000/svg"
            viewBox="0 0 24 24"
            width="16"
            height="16"
            focusable="false"
            aria-hidden="true"
          >
            <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
          </svg>
          <span>{user.name}</span>
        </li>
        <li className="nhsuk-header__account-item">{user.role.name}</li>
        <li className="nhsuk-header__account-item">{organisationLabel(user)}</li>
        {user.actingAs ? (
          <li className="nhsuk-header__account-item">{actingLabel(user, user.actingAs)}</li>
        ) : null}
        {onBehalfOf ? (
          <li className="nhsuk-header__account-item app-acting-for">
            <strong>{actingForText(onBehalfOf)}</strong>
          </li>
        ) : null}
        {canChangeRole(user) ? (
          <li className="nhsuk-header__account-item">
            {/* A real navigation: the BFF restarts the CIS2 sign-in with the role picker. */}
            <a className="nhsuk-header__account-link" href={changeRoleHref()}>
              Change role
            </a>
          </li>
        ) : null}
        <li className="nhsuk-header__account-item">
          <button type="button" className="nhsuk-header__account-button" onClick={signOut}>
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}

/**
 * Shown under the header on every signed-in page, as e-RS does. e-RS records the access against
 * the acting organisation, so when that is not the CIS2 role's the line names it too.
 */
export function ConfidentialityNotice({ user }: { user: SignedInUser }) {
  const actingElsewhere =
    user.actingAs && user.actingAs.odsCode !== user.organisation.odsCode
      ? `, working as ${actingLabel(user, user.actingAs)}`
      : '';
  const text = `CONFIDENTIAL: personal information about patients accessed by ${user.name} - ${user.role.name} - ${organisationLabel(user)}${actingElsewhere}`;
  return (
    <div className="nhsuk-width-container">
      <p className="nhsuk-body-s app-confidentiality">{text}</p>
    </div>
  );
}

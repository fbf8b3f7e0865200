import type { OtherRole } from '@ers/shared/bff-contract';

/**
 * The CIS2 roles the user holds but did not sign in with, apart from the choices above: each
 * with its organisation and, in plain words, why it cannot be used here or how to use it.
 * Nothing at all when there are none.
 */
export function OtherRoles({ roles }: { roles: readonly OtherRole[] | undefined }) {
  if (!roles || roles.length === 0) return null;
  return (
    <section aria-labelledby="other-roles-heading" className="nhsuk-u-margin-top-7">
      <h2 id="other-roles-heading">Other roles you hold</h2>
      <p className="nhsuk-body">
        Your smartcard or login has these roles too. You cannot use them while you are signed in
        with this one.
      </p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
          Other roles you hold
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Role
            </th>
            <th scope="col" className="nhsuk-table__header">
              Organisation
            </th>
            <th scope="col" className="nhsuk-table__header">
              Why you cannot use it here
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {roles.map((role) => (
            <tr className="nhsuk-table__row" key={role.id}>
              <td className="nhsuk-table__cell">{role.name}</td>
              <td className="nhsuk-table__cell">
                {role.organisation.name} ({role.organisation.odsCode})
              </td>
              <td className="nhsuk-table__cell">{role.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

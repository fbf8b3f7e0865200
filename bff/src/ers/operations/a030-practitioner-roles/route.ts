/**
 * e-RS A030 has no route of its own: its pairs are what the acting-context routes offer and
 * check against (acting-context/), so they are this operation's routes.
 */
import { actingContextRoutes } from '../../acting-context/routes';
import { defineOperation } from '../../operation';

export const practitionerRoles = defineOperation({
  id: 'A030',
  operationId: 'a030-retrieve-business-functions',
  interaction: 'search-type',
  routes: actingContextRoutes,
});

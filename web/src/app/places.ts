import { hasAdviceWorklist, worklistTypesFor } from '@ers/shared/worklist-access';
import { isClinicalBusinessFunction, type SignedInUser } from '@ers/shared/bff-contract';
import { ADVICE_PATH } from '@/features/advice-and-guidance/utils/advice-path';
import { DEFAULT_SIGNED_IN_PATH } from '@/lib/return-to';

type Place = {
  to: string;
  text: string;
  /** Whether the user, in the role they work in now, has this place at all. */
  offeredTo: (user: SignedInUser) => boolean;
};

/** The places of the header's navigation, in order; the first one a user has is where they start. */
const PLACES: readonly Place[] = [
  {
    to: '/worklists',
    text: 'Worklists',
    // e-RS A008's lists depend on the business function (its pre-requisites), so none until the
    // user has chosen how they are working, and only the ones that business function has.
    offeredTo: (user) =>
      user.actingAs ? worklistTypesFor(user.actingAs.businessFunction).length > 0 : false,
  },
  {
    to: ADVICE_PATH,
    text: 'Advice and Guidance',
    // e-RS A023, the A&G requests worklist, is for the provider business functions only: a
    // referring organisation has no A&G worklist in e-RS.
    offeredTo: (user) =>
      user.actingAs ? hasAdviceWorklist(user.actingAs.businessFunction) : false,
  },
  {
    to: DEFAULT_SIGNED_IN_PATH,
    text: 'Find a referral',
    // Finding a referral is A005, which e-RS gives to the clinical business functions only: the
    // service provider and referring admins would meet a refusal. Before the user has chosen how
    // they are working, it leads to that choice.
    offeredTo: (user) =>
      user.actingAs ? isClinicalBusinessFunction(user.actingAs.businessFunction) : true,
  },
];

/** The user's places, the one containing `pathname` marked current. */
export function placesFor(user: SignedInUser, pathname: string) {
  return PLACES.filter((place) => place.offeredTo(user)).map(({ to, text }) => ({
    to,
    text,
    current: pathname === to || pathname.startsWith(`${to}/`),
  }));
}

/** Where a signed-in user starts: their first place (the worklists, where their role has any). */
export function startPathFor(user: SignedInUser): string {
  return PLACES.find((place) => place.offeredTo(user))?.to ?? DEFAULT_SIGNED_IN_PATH;
}

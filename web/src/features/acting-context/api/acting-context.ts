import { queryOptions, useMutation } from '@tanstack/react-query';
import {
  ActingContextChoicesSchema,
  apiPaths,
  type ActingContextChoices,
  type BusinessFunction,
  type ChooseActingContext,
} from '@ers/shared/bff-contract';
import {
  OnBehalfOfPractitionersSchema,
  type OnBehalfOfPractitioners,
} from '@ers/shared/practitioners';
import { apiRequest } from '@/lib/api-client';

export const SPCA: BusinessFunction = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';

export const actingContextKeys = {
  all: ['acting-context'] as const,
  choices: ['acting-context', 'choices'] as const,
  onBehalfOf: ['acting-context', 'on-behalf-of'] as const,
};

/** The current context and the (organisation, business function) pairs to choose from. */
export function actingContextQueryOptions() {
  return queryOptions({
    queryKey: actingContextKeys.choices,
    queryFn: ({ signal }): Promise<ActingContextChoices> =>
      apiRequest(apiPaths.actingContext, ActingContextChoicesSchema, { signal }),
  });
}

/** e-RS A040: the clinicians a service provider clinician admin may work for at `odsCode`. */
export function onBehalfOfQueryOptions(odsCode: string) {
  return queryOptions({
    queryKey: [...actingContextKeys.onBehalfOf, odsCode],
    queryFn: ({ signal }): Promise<OnBehalfOfPractitioners> =>
      apiRequest(apiPaths.onBehalfOf(odsCode), OnBehalfOfPractitionersSchema, { signal }),
  });
}

/** `PUT /api/acting-context`; the caller refreshes what depends on the context. */
export function useChooseActingContext({
  onSuccess,
}: {
  onSuccess: (choices: ActingContextChoices) => Promise<void> | void;
}) {
  return useMutation({
    mutationFn: (choice: ChooseActingContext) =>
      apiRequest(apiPaths.actingContext, ActingContextChoicesSchema, {
        method: 'PUT',
        body: choice,
      }),
    onSuccess,
  });
}

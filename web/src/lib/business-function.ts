import type { BusinessFunction } from '@ers/shared/bff-contract';

/** `SERVICE_PROVIDER_CLINICIAN` -> `Service provider clinician`. */
export function describeBusinessFunction(businessFunction: BusinessFunction): string {
  const words = businessFunction.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

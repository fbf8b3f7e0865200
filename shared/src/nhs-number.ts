/**
 * NHS number: 10 digits, the last a Modulus 11 check digit (NHS Data Dictionary, "NHS Number").
 * PDS refuses a number that fails the check (400 INVALID_RESOURCE_ID), so the BFF checks it
 * before asking: a call that cannot succeed would still spend the application's PDS quota.
 */
export const NHS_NUMBER_PATTERN = /^\d{10}$/;

/**
 * True when `value` is 10 digits whose check digit is right: the first nine weighted 10 down to 2,
 * the check is 11 minus the sum's remainder by 11 (11 becomes 0); a check of 10 is never valid.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!NHS_NUMBER_PATTERN.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((total, digit, index) => total + digit * (10 - index), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === digits[9];
}

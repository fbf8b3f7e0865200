import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from './nhs-number';

describe('isValidNhsNumber', () => {
  it.each([
    // PDS's sandbox patients and the e-RS specification's examples.
    '9000000009',
    '9000000025',
    '9111231130',
    '9912003888',
    '9462979626',
  ])('accepts %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each([
    ['9000000000', 'a wrong check digit (PDS sandbox: 400 INVALID_RESOURCE_ID)'],
    ['9912003880', 'a wrong check digit'],
    ['0000000060', 'a check value of 10, never valid'],
    ['0000000061', 'a check value of 10, whatever the last digit'],
    ['991200388', 'nine digits'],
    ['99120038881', 'eleven digits'],
    ['991 200 3888', 'spaces'],
    ['99120O3888', 'a letter'],
    ['', 'nothing'],
  ])('refuses %s: %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
  });
});

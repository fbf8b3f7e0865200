import { describe, expect, it } from 'vitest';
import { Cis2IdTokenClaimsSchema } from './cis2-claims';

const base = { sub: '555', auth_time: 1, exp: 2, authentication_assurance_level: '3' };

describe('Cis2IdTokenClaimsSchema', () => {
  it.each([
    ['a string', { id_assurance_level: '3' }],
    ['a number', { id_assurance_level: 3 }],
    ['the idassurancelevel spelling', { idassurancelevel: '3' }],
  ])('reads the identity assurance level as %s', (_name, claims) => {
    expect(Cis2IdTokenClaimsSchema.parse({ ...base, ...claims }).id_assurance_level).toBe(3);
  });

  it('prefers id_assurance_level when both spellings are present', () => {
    const claims = { ...base, id_assurance_level: '2', idassurancelevel: '3' };
    expect(Cis2IdTokenClaimsSchema.parse(claims).id_assurance_level).toBe(2);
  });

  it.each([{}, { id_assurance_level: 'three' }, { id_assurance_level: null }])(
    'refuses %j',
    (claims) => {
      expect(Cis2IdTokenClaimsSchema.safeParse({ ...base, ...claims }).success).toBe(false);
    },
  );
});

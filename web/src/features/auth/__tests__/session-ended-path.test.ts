import { describe, expect, it } from 'vitest';
import { sessionEndedPath } from '../session/session-ended-path';

describe('sessionEndedPath', () => {
  it('names the reason and the page to come back to', () => {
    expect(sessionEndedPath('idle', '/referrals/000000070000?x=1')).toBe(
      '/session-ended?reason=idle&returnTo=%2Freferrals%2F000000070000%3Fx%3D1',
    );
  });

  it('drops an unsafe returnTo', () => {
    expect(sessionEndedPath('replaced', '//evil.example')).toBe('/session-ended?reason=replaced');
  });
});

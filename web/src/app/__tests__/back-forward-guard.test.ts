import { afterEach, describe, expect, it, vi } from 'vitest';
import { reloadPage } from '@/lib/browser-location';
import { installBackForwardGuard } from '../back-forward-guard';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn(), reloadPage: vi.fn() }));

function pageShow(persisted: boolean): Event {
  const event = new Event('pageshow');
  Object.defineProperty(event, 'persisted', { value: persisted });
  return event;
}

describe('back/forward cache guard', () => {
  let uninstall: () => void = () => undefined;
  afterEach(() => {
    uninstall();
    vi.mocked(reloadPage).mockClear();
  });

  it('reloads a page restored from the back/forward cache, so the session is checked again', () => {
    uninstall = installBackForwardGuard();
    window.dispatchEvent(pageShow(true));
    expect(reloadPage).toHaveBeenCalledTimes(1);
  });

  it('leaves an ordinary page load alone', () => {
    uninstall = installBackForwardGuard();
    window.dispatchEvent(pageShow(false));
    expect(reloadPage).not.toHaveBeenCalled();
  });
});

import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  announcementsPassed,
  describeSeconds,
  formatClockTime,
  type SessionWarning,
} from '../session/session-deadline';

export type SessionTimeoutWarningProps = {
  warning: SessionWarning;
  /** "Stay signed in" (idle warning; Escape too). */
  onStaySignedIn: () => void;
  /** "Continue" (time-limit warning; Escape too): closes it, the limit stays. */
  onContinue: () => void;
  /** "Sign out" / "Sign out now". */
  onSignOut: () => void;
  /** A request is on its way: the buttons do nothing until it is back. */
  busy: boolean;
  /** Shown in the dialog when staying signed in failed. */
  error: string | null;
};

const TITLE_ID = 'session-timeout-title';
const DESCRIPTION_ID = 'session-timeout-description';

/** Everything in the dialog that can take focus, in tab order. */
function focusables(dialog: HTMLDialogElement): HTMLElement[] {
  return Array.from(dialog.querySelectorAll<HTMLElement>('button, a[href], input, [tabindex="0"]'));
}

/**
 * The warning before the session ends, as a modal dialog (the native `<dialog>` opened with
 * `showModal()`, so the page behind is inert):
 *
 * - opening moves focus to its main button and closing puts focus back where it was;
 * - Tab and Shift+Tab stay inside it, Escape means "Stay signed in" (or "Continue");
 * - the countdown changes on screen every second, but its live region speaks only at a few
 *   points (every 30 seconds in the last 2 minutes, and at 10 seconds) so a screen reader user
 *   hears it without being talked over.
 *
 * The idle warning offers "Stay signed in" and "Sign out"; the time-limit warning cannot be
 * extended: it says when the session will end and offers "Continue" and "Sign out now".
 */
export function SessionTimeoutWarning({
  warning,
  onStaySignedIn,
  onContinue,
  onSignOut,
  busy,
  error,
}: SessionTimeoutWarningProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const idle = warning.reason === 'idle';
  const countdown = describeSeconds(warning.secondsLeft);

  // What the live region says: nothing when it opens (the dialog is announced as focus moves
  // into it), then the countdown each time it passes one of the announcement points.
  const passed = announcementsPassed(warning.reason, warning.secondsLeft);
  const [announced, setAnnounced] = useState({ passed, text: '' });
  if (passed > announced.passed) {
    setAnnounced({ passed, text: `You will be signed out in ${countdown}.` });
  }

  // Opens as a modal once mounted; on unmount closes and gives focus back.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return undefined;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    primaryRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  // While a request is on its way the buttons say so and do nothing, but stay focusable: a
  // disabled button would drop the keyboard user's focus out of the dialog.
  const act = (action: () => void) => () => {
    if (!busy) action();
  };
  const onPrimary = act(idle ? onStaySignedIn : onContinue);

  function handleKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onPrimary();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const items = focusables(dialogRef.current);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialogRef.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialogRef.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="app-timeout-dialog"
      aria-labelledby={TITLE_ID}
      aria-describedby={DESCRIPTION_ID}
      onKeyDown={handleKeyDown}
      onCancel={(event) => {
        // Escape, as the browser reports it: the same as the keyboard handler above.
        event.preventDefault();
        onPrimary();
      }}
    >
      <h2 className="nhsuk-heading-m" id={TITLE_ID}>
        {idle ? 'You’re about to be signed out' : 'Your session will end soon'}
      </h2>
      <div id={DESCRIPTION_ID}>
        {idle ? (
          <>
            <p className="nhsuk-body">
              For your security, we will sign you out in{' '}
              <strong className="app-timeout-dialog__countdown">{countdown}</strong>.
            </p>
            <p className="nhsuk-body">
              You have not used e-Referrals for a while. If you are still using it, select Stay
              signed in.
            </p>
          </>
        ) : (
          <>
            <p className="nhsuk-body">
              For security, you can only stay signed in to e-Referrals for a set time, even while
              you are using it.
            </p>
            <p className="nhsuk-body">
              Your session will end at {formatClockTime(warning.at)}, in{' '}
              <strong className="app-timeout-dialog__countdown">{countdown}</strong>. It cannot be
              extended: finish what you are doing, then sign in again.
            </p>
          </>
        )}
      </div>
      {error ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announced.text}
      </p>
      <div className="nhsuk-button-group">
        <button
          ref={primaryRef}
          type="button"
          className="nhsuk-button"
          aria-disabled={busy}
          onClick={onPrimary}
        >
          {idle ? 'Stay signed in' : 'Continue'}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          aria-disabled={busy}
          onClick={act(onSignOut)}
        >
          {idle ? 'Sign out' : 'Sign out now'}
        </button>
      </div>
    </dialog>
  );
}

import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { parseUbrn, type Ubrn } from '@ers/shared/ubrn';
import { ErrorSummary } from '@/components/error-summary';

const HINT = 'The 12-digit unique booking reference number, for example 0000 0007 0000';

/**
 * Asks for a UBRN and checks it before anything is sent: an invalid one shows the NHS error
 * summary (focused, so screen readers announce it) and the message by the field.
 */
export function FindReferralForm({
  onFind,
  initialValue = '',
  pageTitle = 'Find a referral',
}: {
  onFind: (ubrn: Ubrn) => void;
  /** What was searched last, for searching again after a correction. */
  initialValue?: string;
  /** The page's own title, which an invalid entry prefixes with "Error: ". */
  pageTitle?: string;
}) {
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) summaryRef.current?.focus();
  }, [error]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = parseUbrn(value);
    if (!result.ok) {
      setError((previous) => ({ message: result.message, attempt: (previous?.attempt ?? 0) + 1 }));
      return;
    }
    setError(null);
    onFind(result.ubrn);
  }

  const describedBy = error ? 'ubrn-hint ubrn-error' : 'ubrn-hint';

  return (
    <>
      <title>{`${error ? 'Error: ' : ''}${pageTitle} - e-Referrals`}</title>
      {error ? (
        <ErrorSummary ref={summaryRef} errors={[{ href: '#ubrn', message: error.message }]} />
      ) : null}
      <form noValidate onSubmit={handleSubmit}>
        <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
          <label className="nhsuk-label" htmlFor="ubrn">
            UBRN
          </label>
          <div className="nhsuk-hint" id="ubrn-hint">
            {HINT}
          </div>
          {error ? (
            <span className="nhsuk-error-message" id="ubrn-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {error.message}
            </span>
          ) : null}
          <input
            className={
              error
                ? 'nhsuk-input nhsuk-input--width-10 nhsuk-input--error'
                : 'nhsuk-input nhsuk-input--width-10'
            }
            id="ubrn"
            name="ubrn"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={describedBy}
            {...(error ? { 'aria-invalid': true } : {})}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
            }}
          />
        </div>
        <button type="submit" className="nhsuk-button" data-module="nhsuk-button">
          Find referral
        </button>
      </form>
    </>
  );
}

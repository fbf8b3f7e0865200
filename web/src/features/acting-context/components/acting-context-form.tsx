import { Fragment, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ActingContextChoices } from '@ers/shared/bff-contract';
import { ErrorSummary, type ErrorSummaryItem } from '@/components/error-summary';
import { problemHeading } from '@/components/problem-message';
import { isApiError } from '@/lib/api-client';
import { describeBusinessFunction } from '@/lib/business-function';
import { clinicianChoice } from '@/lib/clinician';
import { SPCA, onBehalfOfQueryOptions, useChooseActingContext } from '../api/acting-context';

type Option = ActingContextChoices['options'][number];

const keyOf = (option: Pick<Option, 'odsCode' | 'businessFunction'>) =>
  `${option.odsCode}|${option.businessFunction}`;

/**
 * `Service provider clinician at THE GREEN SURGERY (D82106)`; where CIS2 does not name the
 * organisation (e-RS A030 gives only its ODS code), `... at organisation R68`.
 */
export function optionLabel(option: Option): string {
  const role = describeBusinessFunction(option.businessFunction);
  return option.organisationName
    ? `${role} at ${option.organisationName} (${option.odsCode})`
    : `${role} at organisation ${option.odsCode}`;
}

/** The clinicians an SPCA may work for, as the second question. */
function OnBehalfOfQuestion({
  odsCode,
  value,
  onChange,
  error,
}: {
  odsCode: string;
  value: string;
  onChange: (userId: string) => void;
  error: string | null;
}) {
  const practitioners = useQuery(onBehalfOfQueryOptions(odsCode));

  if (practitioners.isPending) {
    return (
      <p className="nhsuk-body" role="status">
        Loading the clinicians you can work for…
      </p>
    );
  }
  if (practitioners.isError) {
    const problem = isApiError(practitioners.error) ? practitioners.error.problem : null;
    return (
      <div className="nhsuk-warning-callout">
        <h3 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            {problem ? problemHeading(problem) : 'We could not list the clinicians'}
          </span>
        </h3>
        <p>{problem?.detail ?? 'Try again later.'}</p>
        {problem?.correlationId ? <p>Correlation ID: {problem.correlationId}</p> : null}
      </div>
    );
  }
  const list = practitioners.data.practitioners;
  if (list.length === 0) {
    return <p className="nhsuk-body">There are no clinicians you can work for.</p>;
  }
  const unnamed = list.some((practitioner) => !practitioner.name);
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={
          [unnamed ? 'on-behalf-of-hint' : '', error ? 'on-behalf-of-error' : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Which clinician are you working for?
        </legend>
        {unnamed ? (
          <div className="nhsuk-hint" id="on-behalf-of-hint">
            The e-Referral Service gives only the NHS user ID of some clinicians: it is the number
            on their smartcard.
          </div>
        ) : null}
        {error ? (
          <span className="nhsuk-error-message" id="on-behalf-of-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-radios">
          {list.map((practitioner, index) => (
            <div className="nhsuk-radios__item" key={practitioner.userId}>
              <input
                className="nhsuk-radios__input"
                id={`on-behalf-of-${String(index)}`}
                name="onBehalfOf"
                type="radio"
                value={practitioner.userId}
                checked={value === practitioner.userId}
                onChange={() => {
                  onChange(practitioner.userId);
                }}
              />
              <label
                className="nhsuk-label nhsuk-radios__label"
                htmlFor={`on-behalf-of-${String(index)}`}
              >
                {clinicianChoice(practitioner)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * "How are you working today?": the (organisation, business function) pairs in words, and for
 * a service provider clinician admin the clinician acted for. Errors in the NHS error summary.
 */
export function ActingContextForm({
  choices,
  onChosen,
}: {
  choices: ActingContextChoices;
  onChosen: () => Promise<void> | void;
}) {
  const { current, organisation, options } = choices;
  const [selected, setSelected] = useState(() => {
    const match = current && options.find((option) => keyOf(option) === keyOf(current));
    return match ? keyOf(match) : '';
  });
  const [onBehalfOf, setOnBehalfOf] = useState(current?.onBehalfOf?.userId ?? '');
  const [errors, setErrors] = useState<{ items: ErrorSummaryItem[]; attempt: number } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const choose = useChooseActingContext({ onSuccess: onChosen });

  useEffect(() => {
    if (errors) summaryRef.current?.focus();
  }, [errors]);

  const option = options.find((each) => keyOf(each) === selected);
  const isSpca = option?.businessFunction === SPCA;

  function fail(items: ErrorSummaryItem[]) {
    setErrors((previous) => ({ items, attempt: (previous?.attempt ?? 0) + 1 }));
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!option) {
      fail([{ href: '#context-0', message: 'Select how you are working' }]);
      return;
    }
    if (isSpca && !onBehalfOf) {
      fail([
        {
          href: '#on-behalf-of-0',
          message: 'Select the clinician you are working for',
        },
      ]);
      return;
    }
    setErrors(null);
    choose.mutate(
      {
        odsCode: option.odsCode,
        businessFunction: option.businessFunction,
        ...(isSpca ? { onBehalfOfUserId: onBehalfOf } : {}),
      },
      {
        onError: (error) => {
          const detail = isApiError(error)
            ? error.problem.detail
            : 'Sorry, there is a problem with the service. Try again later.';
          fail([{ href: '#context-0', message: detail }]);
        },
      },
    );
  }

  const contextError = errors?.items.find((item) => item.href === '#context-0')?.message ?? null;
  const clinicianError =
    errors?.items.find((item) => item.href === '#on-behalf-of-0')?.message ?? null;
  const problem = isApiError(choose.error) ? choose.error.problem : null;
  // With nothing e-RS lists, there is nothing to choose: the page says what to do instead.
  const heading =
    options.length === 0 ? 'You cannot use e-Referrals yet' : 'Choose how you are working';

  return (
    <>
      <title>{`${errors ? 'Error: ' : ''}${heading} - e-Referrals`}</title>
      {errors ? <ErrorSummary ref={summaryRef} errors={errors.items} /> : null}
      {problem?.correlationId ? (
        <p className="nhsuk-body-s">Correlation ID: {problem.correlationId}</p>
      ) : null}
      <h1>{heading}</h1>
      {options.length === 0 ? (
        <>
          <p className="nhsuk-body">
            The e-Referral Service lists no roles for you at any organisation, so you cannot use
            e-Referrals yet. You signed in with your NHS CIS2 role at {organisation.name} (
            {organisation.odsCode}).
          </p>
          <p className="nhsuk-body">
            Ask your local Registration Authority to give you e-Referral Service access, then sign
            in again.
          </p>
        </>
      ) : (
        <form noValidate onSubmit={handleSubmit}>
          <div
            className={
              contextError ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'
            }
          >
            <fieldset
              className="nhsuk-fieldset"
              aria-describedby={contextError ? 'context-hint context-error' : 'context-hint'}
            >
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                How are you working today?
              </legend>
              <div className="nhsuk-hint" id="context-hint">
                What you can see and do in e-Referrals depends on this. These are the roles the
                e-Referral Service lists for you, at every organisation where you work.
              </div>
              {contextError ? (
                <span className="nhsuk-error-message" id="context-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {contextError}
                </span>
              ) : null}
              <div className="nhsuk-radios">
                {options.map((each, index) => {
                  const key = keyOf(each);
                  const id = `context-${String(index)}`;
                  const spca = each.businessFunction === SPCA;
                  return (
                    <Fragment key={key}>
                      <div className="nhsuk-radios__item">
                        <input
                          className="nhsuk-radios__input"
                          id={id}
                          name="context"
                          type="radio"
                          value={key}
                          checked={selected === key}
                          {...(spca ? { 'aria-controls': `${id}-conditional` } : {})}
                          onChange={() => {
                            setSelected(key);
                          }}
                        />
                        <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                          {optionLabel(each)}
                        </label>
                      </div>
                      {spca ? (
                        <div
                          className={
                            selected === key
                              ? 'nhsuk-radios__conditional'
                              : 'nhsuk-radios__conditional nhsuk-radios__conditional--hidden'
                          }
                          id={`${id}-conditional`}
                        >
                          {selected === key ? (
                            <OnBehalfOfQuestion
                              odsCode={each.odsCode}
                              value={onBehalfOf}
                              onChange={setOnBehalfOf}
                              error={clinicianError}
                            />
                          ) : null}
                        </div>
                      ) : null}
                    </Fragment>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <button
            type="submit"
            className="nhsuk-button"
            data-module="nhsuk-button"
            disabled={choose.isPending}
          >
            Continue
          </button>
        </form>
      )}
    </>
  );
}

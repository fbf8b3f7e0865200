import type { MouseEvent, Ref } from 'react';

export interface ErrorSummaryItem {
  /** `#id` of the field the error is about. */
  href: string;
  message: string;
}

/** Moves focus to the field itself, as the NHS design system's script does. */
function focusTarget(event: MouseEvent<HTMLAnchorElement>, href: string) {
  const target = document.getElementById(href.slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus();
}

/** NHS error summary: focused when shown so it is announced, each error linking to its field. */
export function ErrorSummary({
  errors,
  ref,
}: {
  errors: ErrorSummaryItem[];
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      className="nhsuk-error-summary"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      ref={ref}
    >
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          There is a problem
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.href}>
                <a
                  href={error.href}
                  onClick={(event) => {
                    focusTarget(event, error.href);
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

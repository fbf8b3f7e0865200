import { useEffect, useRef } from 'react';
import { SupportInformation, problemHeading } from '@/components/problem-message';
import { isApiError } from '@/lib/api-client';

/** Why a file could not be opened: the problem in words, with the ids support asks for. */
export function FileProblem({ error }: { error: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  const problem = isApiError(error) ? error.problem : null;
  return (
    <div
      className="nhsuk-error-summary"
      aria-labelledby="file-problem-title"
      tabIndex={-1}
      ref={ref}
    >
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="file-problem-title">
          {problem ? problemHeading(problem) : 'The file could not be opened'}
        </h2>
        <div className="nhsuk-error-summary__body">
          <p>{problem?.detail ?? 'Sorry, there is a problem with the service. Try again later.'}</p>
          {problem ? <SupportInformation problem={problem} /> : null}
        </div>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { NOT_RECORDED, formatDateTime } from '@/lib/format';

export type PrintedBy = {
  name: string;
  /** The organisation the user is working for in e-RS, as the header names it. */
  organisation: string;
};

/** The time now, and again when the browser is about to print (the page may have been open long). */
function usePrintTime(): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const update = () => {
      setNow(new Date().toISOString());
    };
    window.addEventListener('beforeprint', update);
    return () => {
      window.removeEventListener('beforeprint', update);
    };
  }, []);
  return now;
}

/**
 * On paper only: when, by whom and for which organisation the referral was printed, and the
 * version printed, so a printout can be traced and compared with e-RS later. On screen the header
 * and the confidentiality line already say who is looking.
 */
export function PrintFooter({
  printedBy,
  version,
}: {
  printedBy: PrintedBy;
  version: string | null;
}) {
  const printedAt = usePrintTime();
  return (
    <div className="app-print-only app-print-footer">
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        Printed on {formatDateTime(printedAt)} by {printedBy.name}, {printedBy.organisation}
      </p>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
        Referral version {version ?? NOT_RECORDED}
      </p>
    </div>
  );
}

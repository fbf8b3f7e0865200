import type { AttachmentSummary, ReferralSummary } from '@ers/shared/referral-summary';
import { FileProblem } from '@/components/file-problem';
import { useOpenReferralFile, type ReferralFile } from '../api/open-file';
import { formatDate, formatSize } from '@/lib/format';

function typeWord(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return null;
  if (type === 'application/pdf') return 'PDF';
  if (type.startsWith('image/')) return `${type.slice(6).toUpperCase()} image`;
  if (type === 'text/plain') return 'text';
  return null;
}

function describe(attachment: AttachmentSummary): string {
  return [typeWord(attachment.contentType), formatSize(attachment.size)].filter(Boolean).join(', ');
}

function AttachmentRow({
  attachment,
  onOpen,
  busy,
}: {
  attachment: AttachmentSummary;
  onOpen: () => void;
  busy: boolean;
}) {
  const available = attachment.availability.code === 'AVAILABLE';
  const details = describe(attachment);
  const isPdf = typeWord(attachment.contentType) === 'PDF';
  return (
    <tr className="nhsuk-table__row">
      <td className="nhsuk-table__cell">
        {available ? (
          <button type="button" className="nhsuk-link" disabled={busy} onClick={onOpen}>
            {attachment.title}
            <span className="nhsuk-u-visually-hidden">
              {isPdf ? ' (opens in a new tab)' : ' (downloads)'}
            </span>
          </button>
        ) : (
          attachment.title
        )}
        {details ? <span className="nhsuk-u-secondary-text-colour"> ({details})</span> : null}
      </td>
      <td className="nhsuk-table__cell">
        {formatDate(attachment.attachedAt)}
        {/* Whom to contact about a file that cannot be opened (e-RS names only the ODS code). */}
        {attachment.attachedByOdsCode ? (
          <span className="nhsuk-u-secondary-text-colour app-attached-by">
            by {attachment.attachedByOdsCode}
          </span>
        ) : null}
      </td>
      <td className="nhsuk-table__cell">
        {available ? (
          <>
            {/* What pressing the name does means nothing on paper; that it can be opened does. */}
            <span className="app-no-print">
              {isPdf ? 'Opens in a new tab' : 'Downloads to your device'}
            </span>
            <span className="app-print-only">{attachment.availability.label}</span>
          </>
        ) : (
          <>
            <strong className="nhsuk-tag nhsuk-tag--grey">{attachment.availability.label}</strong>
            <p className="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
              {attachment.availability.reason}
            </p>
          </>
        )}
      </td>
    </tr>
  );
}

/**
 * The referral's clinical content: the clinical information PDF and the attachments. Only for
 * clinical business functions; admin functions get a plain sentence (the BFF refuses them too).
 */
export function ClinicalContent({
  summary,
  clinical,
}: {
  summary: ReferralSummary;
  clinical: boolean;
}) {
  const open = useOpenReferralFile();
  if (!clinical) {
    return (
      <>
        <h2>Clinical information and attachments</h2>
        <p className="nhsuk-body">
          Clinical information and attachments are not shown in the role you are working in.
        </p>
      </>
    );
  }
  const attachments = summary.attachments ?? [];
  const openFile = (file: ReferralFile) => {
    open.mutate(file);
  };
  return (
    <>
      {open.isError ? <FileProblem error={open.error} /> : null}
      <h2>Clinical information</h2>
      <p className="nhsuk-body">
        <button
          type="button"
          className="nhsuk-link"
          disabled={open.isPending}
          onClick={() => {
            openFile({ kind: 'clinical-information', ubrn: summary.ubrn });
          }}
        >
          Clinical information (PDF)
          <span className="nhsuk-u-visually-hidden"> (opens in a new tab)</span>
        </button>
      </p>
      <h2>Attachments</h2>
      {attachments.length === 0 ? (
        <p className="nhsuk-body">There are no attachments.</p>
      ) : (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Attachments</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                File
              </th>
              <th className="nhsuk-table__header" scope="col">
                Attached
              </th>
              <th className="nhsuk-table__header" scope="col">
                Availability
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {attachments.map((attachment) => (
              <AttachmentRow
                key={attachment.id}
                attachment={attachment}
                busy={open.isPending}
                onOpen={() => {
                  openFile({
                    kind: 'attachment',
                    ubrn: summary.ubrn,
                    attachmentId: attachment.id,
                    title: attachment.title,
                  });
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

import type { ReactNode } from 'react';
import type {
  AdviceConversation,
  AdviceMessage,
  AdviceRequestSummary,
} from '@ers/shared/advice-and-guidance';
import type { AttachmentSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { formatNhsNumber } from '@ers/shared/referral-summary';
import { FileProblem } from '@/components/file-problem';
import { formatDate, formatDateTime, formatSize } from '@/lib/format';
import { useOpenAdviceFile, type AdviceFile } from '../api/get-advice';
import { describeParticipant } from './advice-participant';

function Row({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{name}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** What A024 says about the request: where it stands, what it is about, who asked. */
export function AdviceSummaryList({ summary }: { summary: AdviceRequestSummary }) {
  return (
    <dl className="nhsuk-summary-list">
      <Row name="Status">{summary.status?.label ?? 'Not recorded'}</Row>
      <Row name="Priority">{summary.priority?.label ?? 'Not recorded'}</Row>
      <Row name="NHS number">
        <span className="app-worklist__nowrap" x-apple-data-detectors="false">
          {formatNhsNumber(summary.nhsNumber)}
        </span>
      </Row>
      <Row name="Specialty">
        {summary.specialty?.label ?? 'Not recorded'}
        {summary.clinicType ? `, ${summary.clinicType.label}` : ''}
      </Row>
      <Row name={summary.services.length > 1 ? 'Services' : 'Service'}>
        {summary.services.length === 0
          ? 'Not recorded'
          : summary.services.map((service) => service.name).join(', ')}
      </Row>
      <Row name="Requested by">{describeParticipant(summary.requester)}</Row>
      <Row name="May be converted to a referral">
        {summary.conversionAuthorised === null
          ? 'Not recorded'
          : summary.conversionAuthorised
            ? 'Yes, the referrer allows the provider to convert it'
            : 'No'}
      </Row>
    </dl>
  );
}

function typeWord(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return null;
  if (type === 'application/pdf') return 'PDF';
  if (type.startsWith('image/')) return `${type.slice(6).toUpperCase()} image`;
  return null;
}

type Opener = { open: (file: AdviceFile) => void; busy: boolean; ubrn: Ubrn };

/**
 * The files of a request or a message, as e-RS describes them: name (a button that opens it, when
 * e-RS says it is AVAILABLE), type and size, when it was attached, and whether it can be opened.
 */
function AttachmentList({
  attachments,
  opener,
}: {
  attachments: AttachmentSummary[];
  opener: Opener;
}) {
  return (
    <ul className="nhsuk-list app-advice__attachments">
      {attachments.map((attachment) => {
        const details = [typeWord(attachment.contentType), formatSize(attachment.size)]
          .filter(Boolean)
          .join(', ');
        const available = attachment.availability.code === 'AVAILABLE';
        return (
          <li key={attachment.id}>
            {available ? (
              <button
                type="button"
                className="nhsuk-link"
                disabled={opener.busy}
                onClick={() => {
                  opener.open({
                    kind: 'attachment',
                    ubrn: opener.ubrn,
                    attachmentId: attachment.id,
                    title: attachment.title,
                  });
                }}
              >
                {attachment.title}
                <span className="nhsuk-u-visually-hidden">
                  {typeWord(attachment.contentType) === 'PDF'
                    ? ' (opens in a new tab)'
                    : ' (downloads)'}
                </span>
              </button>
            ) : (
              attachment.title
            )}
            {details ? <span className="nhsuk-u-secondary-text-colour"> ({details})</span> : null}
            <span className="nhsuk-u-secondary-text-colour">
              {', attached '}
              {formatDate(attachment.attachedAt)}
              {attachment.attachedByOdsCode ? ` by ${attachment.attachedByOdsCode}` : null}
            </span>{' '}
            <strong className={`nhsuk-tag ${available ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>
              {attachment.availability.label}
            </strong>
            {attachment.availability.reason ? (
              <p className="nhsuk-body-s nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-0">
                {attachment.availability.reason}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Attachments added to the request itself (A024), rather than to one message. */
function RequestAttachments({
  summary,
  opener,
}: {
  summary: AdviceRequestSummary;
  opener: Opener;
}) {
  if (summary.attachments.length === 0) return null;
  return (
    <>
      <h2>Attachments with the request</h2>
      <AttachmentList attachments={summary.attachments} opener={opener} />
    </>
  );
}

const SENT_BY: Record<string, string> = { REQUESTER: 'Referrer', RESPONDER: 'Provider' };

function Message({ message, opener }: { message: AdviceMessage; opener: Opener }) {
  const side = SENT_BY[message.sentBy ?? ''] ?? 'Message';
  return (
    <li className={`app-advice__message app-advice__message--${side.toLowerCase()}`}>
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
        {side}
        <span className="nhsuk-u-visually-hidden">, </span>
        <span className="nhsuk-body-s nhsuk-u-secondary-text-colour app-advice__sent">
          {message.sentAt ? formatDateTime(message.sentAt) : 'Time not recorded'}
        </span>
      </h3>
      <p className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-2">
        {describeParticipant(message.author)}
      </p>
      <p className="nhsuk-body app-advice__text">{message.text || 'No message text.'}</p>
      {message.attachments.length > 0 ? (
        <AttachmentList attachments={message.attachments} opener={opener} />
      ) : null}
    </li>
  );
}

/** The conversation, oldest message first, each with who wrote it and when. */
function ConversationList({
  conversation,
  opener,
}: {
  conversation: AdviceConversation;
  opener: Opener;
}) {
  if (conversation.messages.length === 0) {
    return <p className="nhsuk-body">There are no messages yet.</p>;
  }
  return (
    <ol className="app-advice__conversation" aria-label="Messages, oldest first">
      {conversation.messages.map((message) => (
        <Message key={message.id} message={message} opener={opener} />
      ))}
    </ol>
  );
}

/**
 * A request's files and the conversation (`null` while e-RS gave no version to read it at), with
 * the overview PDF (A043) first; one opener for every file, so one problem shows at a time.
 */
export function AdviceContent({
  ubrn,
  summary,
  conversation,
}: {
  ubrn: Ubrn;
  summary: AdviceRequestSummary;
  conversation: AdviceConversation | null;
}) {
  const open = useOpenAdviceFile();
  const opener: Opener = { open: (file) => open.mutate(file), busy: open.isPending, ubrn };
  return (
    <>
      {open.isError ? <FileProblem error={open.error} /> : null}
      <p className="nhsuk-body">
        <button
          type="button"
          className="nhsuk-link"
          disabled={open.isPending}
          onClick={() => {
            open.mutate({ kind: 'overview', ubrn });
          }}
        >
          Advice and Guidance overview (PDF)
          <span className="nhsuk-u-visually-hidden"> (opens in a new tab)</span>
        </button>
      </p>
      <RequestAttachments summary={summary} opener={opener} />
      <h2>Conversation</h2>
      {conversation ? (
        <ConversationList conversation={conversation} opener={opener} />
      ) : (
        <p className="nhsuk-body">
          e-RS did not give this request a version to read its messages at.
        </p>
      )}
    </>
  );
}

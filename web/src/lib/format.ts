const NOT_RECORDED = 'Not recorded';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function format(value: string | null | undefined, formatter: Intl.DateTimeFormat): string {
  if (!value) return NOT_RECORDED;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatter.format(date);
}

/** `2021-06-11T10:28:00Z` -> `11 June 2021`; an unparseable value is shown as it came. */
export function formatDate(value: string | null | undefined): string {
  return format(value, dateFormat);
}

/** `2021-06-11T10:28:00Z` -> `11 June 2021 at 11:28am` (UK time). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value || value.length <= 10) return formatDate(value);
  return format(value, dateTimeFormat)
    .replace(', ', ' at ')
    .replace(' am', 'am')
    .replace(' pm', 'pm');
}

/** `1536` -> `2 KB`. */
export function formatSize(bytes: number | null): string | null {
  if (bytes === null) return null;
  if (bytes < 1024) return `${String(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${String(Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export { NOT_RECORDED };

import { useMutation } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { apiFile } from '@/lib/api-client';
import { showFile } from '@/lib/show-file';

export type ReferralFile =
  | { kind: 'attachment'; ubrn: string; attachmentId: string; title: string }
  | { kind: 'clinical-information'; ubrn: string };

function pathOf(file: ReferralFile): string {
  return file.kind === 'attachment'
    ? apiPaths.attachment(file.ubrn, file.attachmentId)
    : apiPaths.clinicalInformation(file.ubrn);
}

function fileNameOf(file: ReferralFile): string {
  return file.kind === 'attachment' ? file.title : `clinical-information-${file.ubrn}.pdf`;
}

/** Opens (or downloads) a referral's attachment or clinical information PDF. */
export function useOpenReferralFile() {
  return useMutation({
    mutationFn: async (file: ReferralFile) => {
      const { blob, contentType } = await apiFile(pathOf(file));
      showFile(blob, contentType, fileNameOf(file));
    },
  });
}

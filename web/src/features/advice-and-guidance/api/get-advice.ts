import { queryOptions, useMutation } from '@tanstack/react-query';
import {
  AdviceConversationSchema,
  AdviceRequestSummarySchema,
  AdviceWorklistSchema,
} from '@ers/shared/advice-and-guidance';
import { apiPaths } from '@ers/shared/bff-contract';
import type { Ubrn } from '@ers/shared/ubrn';
import { apiFile, apiRequest } from '@/lib/api-client';
import { showFile } from '@/lib/show-file';

export const adviceKeys = {
  all: ['advice-and-guidance'] as const,
  worklist: () => ['advice-and-guidance', 'worklist'] as const,
  request: (ubrn: Ubrn) => ['advice-and-guidance', 'request', ubrn] as const,
  conversation: (ubrn: Ubrn, version: string) =>
    ['advice-and-guidance', 'conversation', ubrn, version] as const,
};

export function adviceWorklistQueryOptions() {
  return queryOptions({
    queryKey: adviceKeys.worklist(),
    queryFn: ({ signal }) => apiRequest(apiPaths.adviceWorklist, AdviceWorklistSchema, { signal }),
  });
}

export function adviceRequestQueryOptions(ubrn: Ubrn) {
  return queryOptions({
    queryKey: adviceKeys.request(ubrn),
    queryFn: ({ signal }) =>
      apiRequest(apiPaths.adviceRequest(ubrn), AdviceRequestSummarySchema, { signal }),
  });
}

/** The conversation at the version the summary gave: e-RS serves the latest version's only. */
export function adviceConversationQueryOptions(ubrn: Ubrn, version: string) {
  return queryOptions({
    queryKey: adviceKeys.conversation(ubrn, version),
    queryFn: ({ signal }) =>
      apiRequest(apiPaths.adviceConversation(ubrn, version), AdviceConversationSchema, {
        signal,
      }),
  });
}

export type AdviceFile =
  | { kind: 'overview'; ubrn: Ubrn }
  | { kind: 'attachment'; ubrn: Ubrn; attachmentId: string; title: string };

/**
 * Opens the A&G overview PDF (A043) or one of the request's files (A042): a PDF in a new tab,
 * anything else downloaded; see showFile for why not a plain link.
 */
export function useOpenAdviceFile() {
  return useMutation({
    mutationFn: async (file: AdviceFile) => {
      const path =
        file.kind === 'overview'
          ? apiPaths.adviceOverview(file.ubrn)
          : apiPaths.adviceAttachment(file.ubrn, file.attachmentId);
      const { blob, contentType } = await apiFile(path);
      showFile(
        blob,
        contentType,
        file.kind === 'overview' ? `advice-and-guidance-${file.ubrn}.pdf` : file.title,
      );
    },
  });
}

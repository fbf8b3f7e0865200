import { NotFoundMessage } from '@/components/route-error';
import { PageLayout } from '@/components/page-layout';

export function Component() {
  return (
    <PageLayout>
      <NotFoundMessage />
    </PageLayout>
  );
}

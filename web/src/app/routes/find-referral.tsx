import { useNavigate } from 'react-router';
import { FindReferralForm } from '@/features/referrals/components/find-referral-form';

export function Component() {
  const navigate = useNavigate();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Find a referral</h1>
        <FindReferralForm onFind={(ubrn) => void navigate(`/referrals/${ubrn}`)} />
      </div>
    </div>
  );
}
